using System.Collections.Concurrent;
using Basin.Sql;

namespace Basin.Services.Lake;

/// <summary>
/// The lake files one query (an Athena execution, an S3 Select request) hands the engine, which
/// reads files by path: plaintext objects in place, encrypted ones decrypted once, through
/// <paramref name="open"/>, into the query's own scratch folder, which is deleted when the query
/// ends. Athena opens through the lake, which cannot open objects encrypted with a customer key
/// (SSE-C), as Athena cannot.
/// </summary>
public sealed class QueryLakeFiles(Func<LakeObject, Stream?> open, string folder) : IDisposable
{
    public QueryLakeFiles(ILakeObjects lake, string folder)
        : this(o => lake.Open(o.Bucket, o.Key), folder)
    {
    }

    private const int MaxNameLength = 100;
    private readonly ConcurrentDictionary<(string Bucket, string Key), string> _decrypted = new();
    private int _count;

    public string PathOf(LakeObject o) => o.Encrypted ? _decrypted.GetOrAdd((o.Bucket, o.Key), _ => Decrypt(o)) : o.FilePath;

    private string Decrypt(LakeObject o)
    {
        Directory.CreateDirectory(folder);

        // The file keeps the object's name: the engine detects compression (.gz, .zst) by extension.
        var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
        if (name.Length is 0 or > MaxNameLength || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) name = "object" + Path.GetExtension(name);
        var path = Path.Combine(folder, $"{Interlocked.Increment(ref _count)}-{name}");
        using var source = open(o)
            ?? throw new SqlException("HIVE_CANNOT_OPEN_SPLIT", $"Error opening Hive split s3://{o.Bucket}/{o.Key}: the object is encrypted with a customer-provided key (SSE-C), which Athena cannot read, or it was removed");
        using var file = File.Create(path);
        source.CopyTo(file);
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
