using System.Text;
using Basin.Services.Lake;

namespace Basin.Tests.Support;

/// <summary>A lake of objects held in memory, for crawler engine tests that need no S3 store.</summary>
public sealed class MemoryLake : ILakeObjects
{
    private readonly SortedDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public string Bucket { get; } = "lake";

    public MemoryLake Put(string key, string text) => Put(key, Encoding.UTF8.GetBytes(text));

    public MemoryLake Put(string key, byte[] data)
    {
        _objects[key] = data;
        return this;
    }

    public string FilesRoot => "";

    public bool BucketExists(string bucket) => bucket == Bucket;

    public IEnumerable<LakeObject> List(string bucket, string prefix) =>
        _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(o => new LakeObject(bucket, o.Key, o.Value.Length, DateTimeOffset.UnixEpoch, null))
            .ToList();

    public Stream? Open(string bucket, string key, long offset = 0, long? length = null)
    {
        if (!_objects.TryGetValue(key, out var data)) return null;
        var count = (int)Math.Min(length ?? long.MaxValue, data.Length - offset);
        return new MemoryStream(data, (int)offset, count, writable: false);
    }

    public async Task PutAsync(string bucket, string key, Stream body, string? contentType, string ownerAccount, string? kmsKeyArn = null, CancellationToken cancellationToken = default)
    {
        if (bucket != Bucket) throw new LakeBucketMissingException(bucket);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken);
        _objects[key] = copy.ToArray();
        if (kmsKeyArn is not null) KmsKeys[key] = kmsKeyArn;
    }

    /// <summary>The KMS key each object was written under (objects written with one).</summary>
    public Dictionary<string, string> KmsKeys { get; } = [];

    public LakeObject Object(string key) => new(Bucket, key, _objects[key].Length, DateTimeOffset.UnixEpoch, null);
}
