using Basin.Aws.Protocol;
using Basin.Services.Firehose.Configuration;

namespace Basin.Tests.Firehose;

/// <summary>Prefix expressions and Java date patterns as Firehose evaluates them, and the prefix rules it enforces.</summary>
public sealed class PrefixTests
{
    private static readonly DateTimeOffset Time = new(2024, 3, 5, 7, 8, 9, 123, TimeSpan.Zero);

    [Theory]
    [InlineData("yyyy/MM/dd/HH/", "2024/03/05/07/")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSS", "2024-03-05T07:08:09.123")]
    [InlineData("'year='yyyy'/month='M", "year=2024/month=3")]
    [InlineData("DDD", "065")]
    [InlineData("yy MMM EEE h a", "24 Mar Tue 7 AM")]
    [InlineData("''yyyy''", "'2024'")]
    public void Java_date_patterns(string pattern, string expected) =>
        Assert.Equal(expected, JavaDateFormat.Parse(pattern).Format(Time));

    [Fact]
    public void Evaluates_every_namespace()
    {
        var template = PrefixTemplate.Parse("data/!{partitionKeyFromQuery:customer}/!{timestamp:yyyy}/!{timestamp:MM}/!{firehose:error-output-type}/", "ErrorOutputPrefix");
        var keys = new Dictionary<string, string> { ["customer"] = "c1" };
        Assert.Equal("data/c1/2024/03/processing-failed/", template.Evaluate(new PrefixValues(Time, "processing-failed", keys)));
        var random = PrefixTemplate.Parse("r/!{firehose:random-string}/!{firehose:random-string}", "Prefix").Evaluate(new PrefixValues(Time));
        var parts = random.Split('/');
        Assert.Equal(11, parts[1].Length);
        Assert.Equal(11, parts[2].Length);
        Assert.NotEqual(parts[1], parts[2]);
    }

    [Theory]
    [InlineData("a/!{timestamp:yyyy", "not closed")]
    [InlineData("a/!{nope:x}/", "not a valid namespace")]
    [InlineData("a/!{firehose:other}/", "not a firehose namespace value")]
    [InlineData("a/!{timestamp:qqq}/", "Unsupported timestamp pattern letter")]
    [InlineData("a/!{timestamp}/", "not of the form")]
    public void Malformed_expressions_are_invalid_arguments(string prefix, string fragment)
    {
        var error = Assert.Throws<AwsServiceException>(() => PrefixTemplate.Parse(prefix, "Prefix"));
        Assert.Equal("InvalidArgumentException", error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
