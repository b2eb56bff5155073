using System.Security.Cryptography;
using Basin.Storage.Catalog;
using Basin.Storage.Firehose;
using Basin.Storage.Keys;
using Basin.Storage.Kinesis;
using Basin.Storage.S3;

namespace Basin.Hosting;

/// <summary>Every store under one data directory, opened together and closed together.</summary>
public sealed class BasinStores : IDisposable
{
    private BasinStores(string dataDir)
    {
        DataDir = dataDir;
        Keys = new KeyVault(Path.Combine(dataDir, "keys"));
        S3 = new S3Store(Path.Combine(dataDir, "s3"), Keys);
        Kinesis = new KinesisStore(Path.Combine(dataDir, "kinesis"), Keys);
        Catalog = new CatalogStore(Path.Combine(dataDir, "catalog"));
        Firehose = new FirehoseStore(Path.Combine(dataDir, "firehose"), Keys);
        IteratorKey = LoadOrCreateKey(Path.Combine(dataDir, "kinesis", "iterator.key"));
    }

    public string DataDir { get; }

    /// <summary>Basin-managed encryption keys (server-side encryption), shared by the services.</summary>
    public KeyVault Keys { get; }

    public S3Store S3 { get; }
    public KinesisStore Kinesis { get; }
    public FirehoseStore Firehose { get; }

    /// <summary>The Glue Data Catalog, shared by Glue, Athena and Firehose.</summary>
    public CatalogStore Catalog { get; }

    /// <summary>Signs Kinesis shard iterators; kept on disk so iterators outlive a restart.</summary>
    public byte[] IteratorKey { get; }

    public static BasinStores Open(string dataDir) => new(dataDir);

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path)) return File.ReadAllBytes(path);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, key);
        return key;
    }

    public void Dispose()
    {
        Firehose.Dispose();
        Catalog.Dispose();
        Kinesis.Dispose();
        S3.Dispose();
    }
}
