using System.Collections.Concurrent;
using Basin.Sql;

namespace Basin.Services.Lake;

/// <summary>
/// The lake files one query (an Athena execution, an S3 Select request) hands the engine, which
/// reads files by path: plaintext objects in place; encrypted ones decrypted, bzip2 ones
/// decompressed (the engine has no bzip2 codec) and Avro ones rewritten as JSON lines (nor an
/// Avro reader), once, through <paramref name="open"/>, into the
/// query's own scratch folder, which is deleted when the query ends. Athena opens through the
/// lake, which cannot open objects encrypted with a customer key (SSE-C), as Athena cannot.
/// </summary>
public sealed class QueryLakeFiles(Func<LakeObject, Stream?> open, string folder) : IDisposable
{
    public QueryLakeFiles(ILakeObjects lake, string folder)
        : this(o => lake.Open(o.Bucket, o.Key), folder)
    {
    }

    private const int MaxNameLength = 100;
    private readonly ConcurrentDictionary<(string Bucket, string Key), string> _materialized = new();
    private int _count;

    /// <summary>
    /// The file to read for <paramref name="o"/>; a <c>.bz2</c> object is bzip2, as Hive picks
    /// codecs by extension. An object of an <paramref name="avro"/> table is rewritten as JSON lines.
    /// </summary>
    public string PathOf(LakeObject o, bool avro = false) =>
        PathOf(o, avro ? LakeDecoding.AvroToJsonLines : o.Key.EndsWith(".bz2", StringComparison.OrdinalIgnoreCase) ? LakeDecoding.Bzip2 : LakeDecoding.None);

    /// <summary>The file to read for <paramref name="o"/>, decoded as the caller says (S3 Select's CompressionType, whatever the name).</summary>
    public string PathOf(LakeObject o, LakeDecoding decoding) =>
        o.Encrypted || decoding != LakeDecoding.None ? _materialized.GetOrAdd((o.Bucket, o.Key), _ => Materialize(o, decoding)) : o.FilePath;

    /// <summary>A new file path in the query's scratch folder (deleted with it), for a file derived from <paramref name="name"/>.</summary>
    public string ScratchFile(string name)
    {
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Interlocked.Increment(ref _count)}-{name}");
    }

    private string Materialize(LakeObject o, LakeDecoding decoding)
    {
        var bzip2 = decoding == LakeDecoding.Bzip2;
        // The file keeps the object's name (without .bz2 once decompressed): the engine detects compression (.gz, .zst) by extension.
        var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
        if (bzip2 && name.EndsWith(".bz2", StringComparison.OrdinalIgnoreCase)) name = name[..^4];
        if (name.Length is 0 or > MaxNameLength || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) name = "object" + Path.GetExtension(name);
        var path = ScratchFile(name);
        using var source = open(o)
            ?? throw new SqlException("HIVE_CANNOT_OPEN_SPLIT", $"Error opening Hive split s3://{o.Bucket}/{o.Key}: the object is encrypted with a customer-provided key (SSE-C), which Athena cannot read, or it was removed");
        using var file = File.Create(path);
        try
        {
            if (decoding == LakeDecoding.AvroToJsonLines) Avro.AvroContainer.ToJsonLines(new BufferedStream(source, 1 << 16), file);
            else (bzip2 ? new Bzip2DecoderStream(source, leaveOpen: true) : source).CopyTo(file);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new SqlException("HIVE_CURSOR_ERROR", $"Error reading s3://{o.Bucket}/{o.Key}: {e.Message}");
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // the execution read no encrypted object
        }
    }
}

/// <summary>How an object's bytes become the file the engine reads.</summary>
public enum LakeDecoding
{
    None,

    /// <summary>bzip2-compressed: decompressed by Basin's decoder.</summary>
    Bzip2,

    /// <summary>An Avro container file: rewritten as JSON lines.</summary>
    AvroToJsonLines,
}
