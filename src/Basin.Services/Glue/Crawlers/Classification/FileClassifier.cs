using System.IO.Compression;
using System.Text;
using Basin.Aws.Model.Glue;
using Basin.Services.Lake;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// Classifies one object as a crawler does: the crawler's custom classifiers (CSV, JSON, grok,
/// XML) first, in the order it lists them, then the built-ins (Parquet, Avro, JSON, CSV). Text formats are read from the first
/// megabyte (up to ten for JSON whose first record is larger), gzip and bzip2 decompressed on the way.
/// </summary>
public sealed class FileClassifier(ILakeObjects lake, IReadOnlyList<Classifier> custom)
{
    private const int SampleBytes = 1 << 20;
    private const int MaxJsonSampleBytes = 10 << 20;

    /// <summary>The file's schema, or null when no classifier recognises it (Glue's UNKNOWN).</summary>
    public FileSchema? Classify(LakeObject file)
    {
        if (file.Size == 0) return null;
        var sample = ReadSample(file, SampleBytes);
        if (sample is null) return null;
        if (sample.Parquet) return ParquetSchema.Read(lake, file);
        if (sample.Avro) return AvroClassification.Read(lake, file);

        foreach (var classifier in custom)
        {
            var schema = ClassifyCustom(classifier, sample);
            if (schema is not null) return schema;
        }

        var json = JsonClassification.BuiltIn(sample.Data, sample.Complete, sample.Compression);
        if (json is null && !sample.Complete && LooksLikeJson(sample.Data))
        {
            var larger = ReadSample(file, MaxJsonSampleBytes);
            if (larger is not null) json = JsonClassification.BuiltIn(larger.Data, larger.Complete, larger.Compression);
        }

        if (json is not null) return json;
        return IsText(sample.Data) ? CsvClassification.BuiltIn(Text(sample.Data), sample.Complete, sample.Compression) : null;
    }

    private static FileSchema? ClassifyCustom(Classifier classifier, Sample sample)
    {
        if (classifier.CsvClassifier is { } csv) return IsText(sample.Data) ? CsvClassification.Custom(csv, Text(sample.Data), sample.Complete, sample.Compression) : null;
        if (classifier.JsonClassifier is { JsonPath: { } path }) return JsonClassification.Custom(path, sample.Data, sample.Complete, sample.Compression);
        if (classifier.GrokClassifier is { } grok) return IsText(sample.Data) ? GrokClassification.Custom(grok, Text(sample.Data), sample.Complete, sample.Compression) : null;
        if (classifier.XMLClassifier is { } xml) return IsText(sample.Data) ? XmlClassification.Custom(xml, Text(sample.Data), sample.Complete, sample.Compression) : null;
        return null;
    }

    /// <param name="Parquet">The file starts with Parquet's magic: its schema is in the footer, so nothing more was read.</param>
    /// <param name="Avro">The file starts with Avro's magic: its schema is in the header, read on its own.</param>
    private sealed record Sample(byte[] Data, bool Complete, string Compression, bool Parquet = false, bool Avro = false);

    private Sample? ReadSample(LakeObject file, int limit)
    {
        using var raw = lake.Open(file.Bucket, file.Key);
        if (raw is null) return null;
        var head = new byte[4];
        var got = raw.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (ParquetSchema.HasMagic(head.AsSpan(0, got))) return new Sample([], false, "none", Parquet: true);
        if (Lake.Avro.AvroContainer.IsAvro(head.AsSpan(0, got))) return new Sample([], false, "none", Avro: true);
        var compression = got >= 2 && head[0] == 0x1F && head[1] == 0x8B ? "gzip"
            : got >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] is >= (byte)'1' and <= (byte)'9' ? "bzip2"
            : "none";
        using var rest = new ConcatStream(head.AsMemory(0, got), raw);
        using Stream source = compression switch
        {
            "gzip" => new GZipStream(rest, CompressionMode.Decompress),
            "bzip2" => new Bzip2DecoderStream(rest),
            _ => rest,
        };
        var buffer = new byte[(int)Math.Min(limit, compression == "none" ? file.Size : limit)];
        int read;
        try
        {
            read = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException)
        {
            return null; // not really gzip or bzip2
        }

        var complete = read < buffer.Length || source.ReadByte() < 0;
        return new Sample(buffer[..read], complete, compression);
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> data)
    {
        var trimmed = data.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'[';
    }

    /// <summary>Text formats hold no NUL bytes and are valid UTF-8 (a character cut at the sample's end aside).</summary>
    private static bool IsText(ReadOnlySpan<byte> data)
    {
        if (data.Contains((byte)0)) return false;
        var cut = Math.Max(0, data.Length - 4);
        return System.Text.Unicode.Utf8.IsValid(data[..cut]);
    }

    private static string Text(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
