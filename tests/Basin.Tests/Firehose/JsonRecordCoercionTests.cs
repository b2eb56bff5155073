using System.Text;
using Basin.Services.Firehose.Conversion;
using Basin.Sql.Hive;

namespace Basin.Tests.Firehose;

/// <summary>How JSON records become rows of a Glue table's columns before Parquet conversion.</summary>
public sealed class JsonRecordCoercionTests
{
    private static readonly List<(string, HiveType)> Columns =
    [
        ("id", HiveType.Parse("bigint")), ("name", HiveType.Parse("string")), ("amount", HiveType.Parse("decimal(6,2)")),
        ("ts", HiveType.Parse("timestamp")), ("day", HiveType.Parse("date")), ("ok", HiveType.Parse("boolean")),
        ("tags", HiveType.Parse("array<int>")), ("meta", HiveType.Parse("struct<source:string,score:double>")), ("attrs", HiveType.Parse("map<string,bigint>")),
    ];

    private static readonly JsonReadOptions OpenX = new(true, false, new Dictionary<string, string>(), []);

    [Fact]
    public void Converts_leniently_like_the_openx_serde()
    {
        var row = JsonRecordCoercion.Row(Bytes("""
            {"ID": "42", "Name": 7, "amount": 12.345, "ts": 1700000000123, "day": "2024-03-05T10:00:00Z", "ok": "TRUE",
             "tags": [1, "2"], "META": {"Source": "web", "score": "1.5"}, "attrs": {"a": 1}, "extra": "ignored"}
            """), Columns, OpenX);
        Assert.Equal("""{"id":42,"name":"7","amount":"12.35","ts":"2023-11-14 22:13:20.123000","day":"2024-03-05","ok":true,"tags":[1,2],"meta":{"source":"web","score":1.5},"attrs":{"a":1}}""", row.ToJsonString());
    }

    [Fact]
    public void Missing_keys_are_null_and_epoch_seconds_are_seconds()
    {
        var row = JsonRecordCoercion.Row(Bytes("""{"ts": 1700000000}"""), Columns, OpenX);
        Assert.Equal("2023-11-14 22:13:20.000000", row["ts"]!.GetValue<string>());
        Assert.Null(row["id"]);
        Assert.Null(row["meta"]);
    }

    [Theory]
    [InlineData("""{"id": "x"}""", "integer")]
    [InlineData("""{"id": 1.5}""", "integer")]
    [InlineData("""{"amount": 123456.7}""", "decimal(6,2)")]
    [InlineData("""{"tags": "nope"}""", "array")]
    [InlineData("""{"ok": 3}""", "boolean")]
    [InlineData("""{"ts": "yesterday"}""", "timestamp")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"id": 1""", "not valid JSON")]
    public void Values_that_do_not_fit_fail_the_record(string json, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => JsonRecordCoercion.Row(Bytes(json), Columns, OpenX));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Openx_key_options_apply()
    {
        var options = new JsonReadOptions(false, true, new Dictionary<string, string> { ["name"] = "full.name" }, []);
        var row = JsonRecordCoercion.Row(Bytes("""{"ID": 1, "id": 2, "full.name": "x"}"""), Columns, options);
        Assert.Equal(2, row["id"]!.GetValue<long>());
        Assert.Null(row["name"]); // the dot became an underscore before the mapping looked for "full.name"
        var mapped = JsonRecordCoercion.Row(Bytes("""{"full_name": "y"}"""), Columns, options with { KeyForColumn = new Dictionary<string, string> { ["name"] = "full_name" } });
        Assert.Equal("y", mapped["name"]!.GetValue<string>());
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
