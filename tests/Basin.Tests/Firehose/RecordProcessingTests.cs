using System.Security.Cryptography;
using System.Text;
using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Delivery;
using Basin.Services.Firehose.Processing;

namespace Basin.Tests.Firehose;

/// <summary>KPL de-aggregation, the processors, and the delivered-mark bookkeeping.</summary>
public sealed class RecordProcessingTests
{
    [Fact]
    public void Kpl_aggregated_records_split_into_user_records()
    {
        var aggregate = Aggregate(["k1", "k2"], ["first", "second", "third"]);
        var records = KplAggregation.Split(aggregate);
        Assert.Equal(["first", "second", "third"], records.Select(r => Encoding.UTF8.GetString(r)));
    }

    [Fact]
    public void Anything_not_a_valid_aggregate_passes_through_whole()
    {
        var aggregate = Aggregate(["k"], ["a"]);
        aggregate[^1] ^= 0xFF; // digest no longer matches
        Assert.Same(aggregate, Assert.Single(KplAggregation.Split(aggregate)));
        var plain = "{\"a\":1}"u8.ToArray();
        Assert.Same(plain, Assert.Single(KplAggregation.Split(plain)));
    }

    [Fact]
    public void Pipeline_splits_json_sub_records_extracts_keys_and_appends_delimiters()
    {
        var pipeline = new RecordPipeline(Processing(
            ("RecordDeAggregation", [("SubRecordType", "JSON")]),
            ("MetadataExtraction", [("MetadataExtractionQuery", "{c: .customer}"), ("JsonParsingEngine", "JQ-1.6")]),
            ("AppendDelimiterToRecord", [])));
        var outcomes = pipeline.Process("{\"customer\":\"a\"}{\"customer\":\"b\"} {\"other\":1}"u8.ToArray()).ToList();
        Assert.Equal(3, outcomes.Count);
        Assert.Equal("{\"customer\":\"a\"}\n", Encoding.UTF8.GetString(outcomes[0].Data));
        Assert.Equal("b", outcomes[1].PartitionKeys!["c"]);
        Assert.Equal(RecordPipeline.PartitioningFailed, outcomes[2].Failure!.OutputType);
        Assert.Equal("{\"other\":1}", Encoding.UTF8.GetString(outcomes[2].Data));
    }

    [Fact]
    public void Delimited_sub_records_use_a_base64_delimiter()
    {
        var pipeline = new RecordPipeline(Processing(("RecordDeAggregation", [("SubRecordType", "DELIMITED"), ("Delimiter", Convert.ToBase64String("##"u8.ToArray()))])));
        Assert.Equal(["a", "b", "c"], pipeline.Process("a##b##c"u8.ToArray()).Select(o => Encoding.UTF8.GetString(o.Data)));
    }

    [Fact]
    public void The_delivered_mark_waits_for_every_copy_of_every_earlier_record()
    {
        var progress = new DeliveryProgress();
        progress.Read("s", 1, copies: 2);
        progress.Read("s", 2, copies: 1);
        progress.Read("s", 3, copies: 0);
        Assert.Empty(progress.Pending());
        progress.Delivered("s", 2);
        progress.Delivered("s", 1);
        Assert.Empty(progress.Pending());
        progress.Delivered("s", 1);
        Assert.Equal(3UL, progress.Pending()["s"]);
        progress.Committed(progress.Pending());
        Assert.Empty(progress.Pending());
        progress.Read("s", 7, copies: 1);
        Assert.Equal(6UL, progress.Pending()["s"]); // nothing at or below 6 waits: counters are not dense per shard
        progress.Committed(progress.Pending());
        progress.Delivered("s", 7);
        Assert.Equal(7UL, progress.Pending()["s"]);
    }

    private static ProcessingConfiguration Processing(params (string Type, (string Name, string Value)[] Parameters)[] processors) => new()
    {
        Enabled = true,
        Processors = [.. processors.Select(p => new Processor
        {
            Type = p.Type,
            Parameters = [.. p.Parameters.Select(x => new ProcessorParameter { ParameterName = x.Name, ParameterValue = x.Value })],
        })],
    };

    /// <summary>An aggregate as the KPL writes it: magic, protobuf AggregatedRecord, MD5 of the protobuf.</summary>
    private static byte[] Aggregate(string[] keys, string[] records)
    {
        var body = new List<byte>();
        foreach (var key in keys) Field(body, 1, Encoding.UTF8.GetBytes(key));
        for (var i = 0; i < records.Length; i++)
        {
            var record = new List<byte> { 0x08, (byte)(i % keys.Length) };
            Field(record, 3, Encoding.UTF8.GetBytes(records[i]));
            Field(body, 3, [.. record]);
        }

        var protobuf = body.ToArray();
        return [0xF3, 0x89, 0x9A, 0xC2, .. protobuf, .. MD5.HashData(protobuf)];
    }

    private static void Field(List<byte> output, int number, byte[] value)
    {
        output.Add((byte)((number << 3) | 2));
        output.Add((byte)value.Length);
        output.AddRange(value);
    }
}
