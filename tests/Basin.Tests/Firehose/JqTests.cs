using System.Text.Json.Nodes;
using Basin.Services.Firehose.Processing.Jq;

namespace Basin.Tests.Firehose;

/// <summary>The JQ subset Firehose metadata extraction queries use, with results as jq 1.6 prints them.</summary>
public sealed class JqTests
{
    private const string Record = """
        {"customer_id": "C-17", "Region": "EU", "ts": 1700000000, "date": "2024-03-05T10:20:30Z",
         "device": {"type": "phone", "os": {"name": "ios"}}, "items": [{"sku": "a"}, {"sku": "b"}], "qty": 3, "price": 2.5, "flag": false, "nothing": null}
        """;

    [Theory]
    [InlineData(".customer_id", "\"C-17\"")]
    [InlineData(".device.os.name", "\"ios\"")]
    [InlineData(".device[\"type\"]", "\"phone\"")]
    [InlineData(".[\"customer_id\"]", "\"C-17\"")]
    [InlineData(".items[1].sku", "\"b\"")]
    [InlineData(".items[-1].sku", "\"b\"")]
    [InlineData(".items[5]", "null")]
    [InlineData(".missing.deeper", "null")]
    [InlineData(".Region | ascii_downcase", "\"eu\"")]
    [InlineData(".ts | strftime(\"%Y/%m/%d\")", "\"2023/11/14\"")]
    [InlineData(".ts | strftime(\"%H\")", "\"22\"")]
    [InlineData(".date | strptime(\"%Y-%m-%dT%H:%M:%SZ\") | mktime", "1709634030")]
    [InlineData(".date | fromdateiso8601 | strftime(\"%Y-%m\")", "\"2024-03\"")]
    [InlineData(".date[0:4]", "\"2024\"")]
    [InlineData(".date | split(\"-\") | .[1]", "\"03\"")]
    [InlineData(".qty * .price", "7.5")]
    [InlineData(".qty + 1 | tostring", "\"4\"")]
    [InlineData(".ts / 86400 | floor", "19675")]
    [InlineData(".nothing // \"unknown\"", "\"unknown\"")]
    [InlineData(".flag // \"default\"", "\"default\"")]
    [InlineData(".customer_id | ltrimstr(\"C-\") | tonumber", "17")]
    [InlineData("\"x-\" + .Region", "\"x-EU\"")]
    [InlineData(".items | length", "2")]
    [InlineData(".customer_id | test(\"^C-\")", "true")]
    [InlineData(".customer_id | sub(\"-\"; \"_\")", "\"C_17\"")]
    [InlineData("[.Region, .qty] | join(\"/\")", "\"EU/3\"")]
    [InlineData(".qty >= 3", "true")]
    public void Evaluates_like_jq(string query, string expected)
    {
        var result = JqParser.Parse(query).Eval(JsonNode.Parse(Record));
        Assert.Equal(expected, result?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Builds_partition_key_objects_with_pipes_and_shorthand()
    {
        var result = JqParser.Parse("{customer_id, region: .Region | ascii_downcase, year: .ts | strftime(\"%Y\"), \"os\": .device.os.name}").Eval(JsonNode.Parse(Record));
        Assert.Equal("""{"customer_id":"C-17","region":"eu","year":"2023","os":"ios"}""", result!.ToJsonString());
    }

    [Fact]
    public void Now_reads_the_stream_clock()
    {
        var time = new Basin.Tests.Support.ManualTimeProvider();
        time.Advance(TimeSpan.FromDays(3650));
        var year = JqParser.Parse("now | strftime(\"%Y\")", time).Eval(null)!.GetValue<string>();
        Assert.Equal(time.GetUtcNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture), year);
    }

    [Theory]
    [InlineData(".items[]", "iterator")]
    [InlineData("..", "recursive")]
    [InlineData(".a?", "optional")]
    [InlineData("$x", "variables")]
    [InlineData("if .a then 1 else 2 end", "'if'")]
    [InlineData(".a | frobnicate", "frobnicate/0")]
    [InlineData("{a: .b", "expected '}'")]
    [InlineData(".a | split", "split/0 is not defined")]
    public void Refuses_what_it_does_not_run_with_a_clear_message(string query, string fragment)
    {
        var error = Assert.Throws<JqException>(() => JqParser.Parse(query));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_errors_on_a_record_are_errors_not_wrong_values()
    {
        Assert.Throws<JqException>(() => JqParser.Parse(".customer_id.x").Eval(JsonNode.Parse(Record)));
        Assert.Throws<JqException>(() => JqParser.Parse(".nothing | ascii_downcase").Eval(JsonNode.Parse(Record)));
    }
}
