using Basin.Storage.Keys;
using Basin.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.S3;

/// <summary>
/// Buckets and objects on disk: data files under <c>objects/</c>, the index in SQLite.
/// A write goes to a fresh file under the key's path (never one an index row points at); the
/// group commit that publishes it first flushes the filesystem, then commits the index row, and
/// only then is the write acknowledged. A crash at any point leaves either the old object or the
/// new one, never a mix; files a crash orphaned are unreferenced and harmless.
/// </summary>
public sealed partial class S3Store : IDisposable
{
    private readonly SqliteDatabase _db;
    private readonly Dictionary<string, BucketRecord> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Bucket, string Kind), string?> _configs = [];
    private readonly Dictionary<(string Account, string Kind), string?> _accountConfigs = [];
    private readonly Lock _bucketsLock = new();

    public S3Store(string root, KeyVault? keys = null)
    {
        Root = root;
        Keys = keys ?? new KeyVault(Path.Combine(root, "keys"));
        ObjectsRoot = Path.Combine(root, "objects");
        UploadsRoot = Path.Combine(root, "uploads");
        Directory.CreateDirectory(ObjectsRoot);
        Directory.CreateDirectory(UploadsRoot);
        _db = new SqliteDatabase(Path.Combine(root, "index.db"), S3Schema.Sql, dataRoot: root);
        foreach (var b in _db.Read(ReadBuckets)) _buckets[b.Name] = b;
    }

    public string Root { get; }
    public string ObjectsRoot { get; }
    public string UploadsRoot { get; }

    /// <summary>The vault holding the keys encrypted data files' data keys are sealed under (SSE-S3's root key, SSE-KMS keys).</summary>
    public KeyVault Keys { get; }

    public string FullPath(string dataPath) => Path.Combine(ObjectsRoot, dataPath);

    // ---- buckets -------------------------------------------------------------------------

    public IReadOnlyList<BucketRecord> Buckets
    {
        get
        {
            lock (_bucketsLock) return [.. _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal)];
        }
    }

    public BucketRecord? FindBucket(string name)
    {
        lock (_bucketsLock) return _buckets.GetValueOrDefault(name);
    }

    /// <summary>
    /// Creates a bucket, with its initial subresource documents (by kind) in the same transaction;
    /// if the name is taken, returns the existing bucket and Created = false.
    /// </summary>
    public async Task<(BucketRecord Bucket, bool Created)> CreateBucketAsync(BucketRecord bucket, IReadOnlyDictionary<string, string>? configs = null)
    {
        var existing = await _db.WriteAsync(c =>
        {
            using var find = SqliteDatabase.Command(c, "SELECT name, owner, region, created_ms FROM buckets WHERE name=$n", ("$n", bucket.Name));
            using var r = find.ExecuteReader();
            if (r.Read()) return ReadBucket(r);
            using var insert = SqliteDatabase.Command(c, "INSERT INTO buckets VALUES($n,$o,$r,$c)",
                ("$n", bucket.Name), ("$o", bucket.OwnerAccount), ("$r", bucket.Region), ("$c", bucket.Created.ToUnixTimeMilliseconds()));
            insert.ExecuteNonQuery();
            foreach (var (kind, document) in configs ?? new Dictionary<string, string>())
            {
                using var config = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO bucket_configs(bucket, kind, document) VALUES($b, $k, $d)", ("$b", bucket.Name), ("$k", kind), ("$d", document));
                config.ExecuteNonQuery();
            }

            return null;
        }).ConfigureAwait(false);
        if (existing is not null) return (existing, false);
        lock (_bucketsLock)
        {
            _buckets[bucket.Name] = bucket;
            foreach (var (kind, document) in configs ?? new Dictionary<string, string>()) _configs[(bucket.Name, kind)] = document;
        }

        return (bucket, true);
    }

    public async Task DeleteBucketAsync(string name)
    {
        await _db.WriteAsync(c =>
        {
            using var count = SqliteDatabase.Command(c, "SELECT EXISTS(SELECT 1 FROM objects WHERE bucket=$n) OR EXISTS(SELECT 1 FROM versions WHERE bucket=$n) OR EXISTS(SELECT 1 FROM uploads WHERE bucket=$n)", ("$n", name));
            if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw new S3StoreException(S3StoreError.BucketNotEmpty, "The bucket you tried to delete is not empty");
            }

            using var delete = SqliteDatabase.Command(c, "DELETE FROM buckets WHERE name=$n", ("$n", name));
            if (delete.ExecuteNonQuery() == 0) throw new S3StoreException(S3StoreError.NoSuchBucket, "The specified bucket does not exist");
            using var configs = SqliteDatabase.Command(c, "DELETE FROM bucket_configs WHERE bucket=$n", ("$n", name));
            configs.ExecuteNonQuery();
            return true;
        }).ConfigureAwait(false);
        lock (_bucketsLock)
        {
            _buckets.Remove(name);
            foreach (var key in _configs.Keys.Where(k => k.Bucket == name).ToList()) _configs.Remove(key);
        }
        try
        {
            Directory.Delete(Path.Combine(ObjectsRoot, name), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // the bucket never held an object
        }
    }

    private static List<BucketRecord> ReadBuckets(SqliteConnection c)
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT name, owner, region, created_ms FROM buckets");
        using var r = cmd.ExecuteReader();
        var list = new List<BucketRecord>();
        while (r.Read()) list.Add(ReadBucket(r));
        return list;
    }

    private static BucketRecord ReadBucket(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));

    public void Dispose() => _db.Dispose();
}
