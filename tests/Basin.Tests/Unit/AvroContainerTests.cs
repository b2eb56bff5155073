using System.Text.Json;
using Basin.Services.Lake.Avro;

namespace Basin.Tests.Unit;

/// <summary>
/// Avro container files written by a real Avro writer (avsc; scripts/make-avro-fixtures.mjs) with
/// each codec Basin reads, rewritten as JSON lines: every type and logical type of the fixture's
/// schema, and the same records whatever the codec.
/// </summary>
public sealed class AvroContainerTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "avro");

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public void Every_record_reads_back_with_its_types(string codec)
    {
        var lines = JsonLines($"orders-{codec}.avro");
        Assert.Equal(2500, lines.Count);
        var third = lines[3];
        Assert.Equal(3, third.GetProperty("id").GetInt64());
        Assert.Equal("c3", third.GetProperty("customer").GetString());
        Assert.Equal("-3.03", third.GetProperty("price").GetRawText());
        Assert.Equal(0.75, third.GetProperty("ratio").GetDouble());
        Assert.Equal(0.5, third.GetProperty("score").GetDouble());
        Assert.False(third.GetProperty("paid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("note").ValueKind);
        Assert.Equal("NEW", third.GetProperty("status").GetString());
        Assert.Equal("[\"t0\",\"x\"]", third.GetProperty("tags").GetRawText());
        Assert.Equal("{\"k\":3}", third.GetProperty("attrs").GetRawText());
        Assert.Equal("{\"city\":\"Oslo\",\"zip\":1003}", third.GetProperty("address").GetRawText());
        Assert.Equal("2024-01-04", third.GetProperty("day").GetString());
        Assert.Equal("2024-01-02 03:04:08.000", third.GetProperty("at").GetString());
        Assert.Equal("n4", lines[4].GetProperty("note").GetString());
        Assert.Equal("SHIPPED", lines[4].GetProperty("status").GetString());
        Assert.Equal("4.04", lines[4].GetProperty("price").GetRawText());
        Assert.Equal("[]", lines[10].GetProperty("tags").GetRawText());
        Assert.Equal("-2523.99", lines[2499].GetProperty("price").GetRawText());
    }

    [Fact]
    public void The_schema_is_the_writers()
    {
        using var file = File.OpenRead(Path.Combine(Fixtures, "orders-deflate.avro"));
        var schema = Assert.IsType<AvroRecord>(AvroSchema.Parse(AvroContainer.SchemaOf(file)));
        Assert.Equal("shop.Order", schema.Name);
        Assert.Equal(new AvroPrimitive("bytes", "decimal", 10, 2), schema.Fields[3].Type);
        Assert.IsType<AvroUnion>(schema.Fields[7].Type);
    }

    [Fact]
    public void Damaged_files_fail_as_invalid_data()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures, "orders-snappy.avro"));
        bytes[^100] ^= 0x55;
        Assert.ThrowsAny<Exception>(() => AvroContainer.ToJsonLines(new MemoryStream(bytes), new MemoryStream()));
        Assert.Throws<InvalidDataException>(() => AvroContainer.ToJsonLines(new MemoryStream("PAR1"u8.ToArray()), new MemoryStream()));
        var truncated = File.ReadAllBytes(Path.Combine(Fixtures, "orders-null.avro"))[..5000];
        Assert.ThrowsAny<IOException>(() => AvroContainer.ToJsonLines(new MemoryStream(truncated), new MemoryStream()));
    }

    [Fact]
    public void Lengths_a_file_cannot_hold_are_refused_before_they_are_allocated()
    {
        // Header of a real file, then a block claiming 2^40 bytes.
        var header = File.ReadAllBytes(Path.Combine(Fixtures, "orders-null.avro"));
        using var file = File.OpenRead(Path.Combine(Fixtures, "orders-null.avro"));
        var headerLength = HeaderLength(file);
        byte[] block = [0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40];
        Assert.Throws<InvalidDataException>(() => AvroContainer.ToJsonLines(new MemoryStream([.. header[..headerLength], .. block]), new MemoryStream()));
        Assert.Throws<InvalidDataException>(() => SnappyRawDecoder.Decompress([0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00]));
    }

    /// <summary>Where the first block starts: the header read through, its 16-byte sync marker included.</summary>
    private static int HeaderLength(Stream file)
    {
        AvroContainer.SchemaOf(file);
        return (int)file.Position;
    }

    [Fact]
    public void Self_referencing_and_named_types_resolve()
    {
        var schema = Assert.IsType<AvroRecord>(AvroSchema.Parse("""
            {"type":"record","name":"Node","namespace":"t","fields":[
              {"name":"v","type":{"type":"fixed","name":"Four","size":4}},
              {"name":"w","type":"Four"},
              {"name":"next","type":["null","Node"]}]}
            """));
        Assert.Same(schema, Assert.IsType<AvroUnion>(schema.Fields[2].Type).Branches[1]);
        Assert.Throws<InvalidDataException>(() => AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"Missing"}]}"""));
    }

    private static List<JsonElement> JsonLines(string name)
    {
        using var file = File.OpenRead(Path.Combine(Fixtures, name));
        using var output = new MemoryStream();
        AvroContainer.ToJsonLines(file, output);
        output.Position = 0;
        using var reader = new StreamReader(output);
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        return lines;
    }
}
