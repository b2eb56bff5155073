using Basin.Aws.Protocol;
using Basin.Services.S3;

namespace Basin.Tests.Unit;

/// <summary>S3's tag rules and the x-amz-tagging header, checked without a server.</summary>
public sealed class TagSetTests
{
    [Theory]
    [InlineData("a=1&b=2", "a=1;b=2")]
    [InlineData("a&b=", "a=;b=")]
    [InlineData("a%20b=c%2Bd&e+f=g=h", "a b=c+d;e f=g=h")]
    [InlineData("%C3%BC=%E6%96%87", "ü=文")]
    [InlineData("", "")]
    public void The_header_is_url_encoded_query_parameters(string header, string expected) =>
        Assert.Equal(expected, string.Join(';', TagSets.FromHeader(header).Select(t => $"{t.Key}={t.Value}")));

    [Theory]
    [InlineData("a=1&a=2")]
    [InlineData("=1")]
    [InlineData("a=%FF")]
    [InlineData("a=%G1")]
    [InlineData("a=%4")]
    public void A_header_that_is_not_clean_utf8_query_parameters_is_an_invalid_argument(string header) =>
        Assert.Equal("InvalidArgument", Assert.Throws<AwsServiceException>(() => TagSets.FromHeader(header)).Code);

    [Fact]
    public void Lengths_count_utf16_code_units_and_letters_of_any_script_are_allowed()
    {
        var astral = string.Concat(Enumerable.Repeat("𝒜", 64));
        Assert.Single(TagSets.Validate([new Aws.Model.S3.Tag { Key = astral, Value = new string('文', 256) }], bucket: false));
        var error = Assert.Throws<AwsServiceException>(() => TagSets.Validate([new Aws.Model.S3.Tag { Key = astral + "x", Value = "" }], bucket: false));
        Assert.Equal("InvalidTag", error.Code);
    }

    [Fact]
    public void Buckets_allow_fifty_tags_and_objects_ten()
    {
        var fifty = Enumerable.Range(0, 50).Select(i => new Aws.Model.S3.Tag { Key = $"k{i}", Value = "" }).ToList();
        Assert.Equal(50, TagSets.Validate(fifty, bucket: true).Count);
        Assert.Equal("BadRequest", Assert.Throws<AwsServiceException>(() => TagSets.Validate(fifty, bucket: false)).Code);
        Assert.Equal("MalformedXML", Assert.Throws<AwsServiceException>(() => TagSets.Validate([new Aws.Model.S3.Tag { Key = "k" }], bucket: false)).Code);
    }
}
