using System.Text;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Api;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>Amazon S3 over Basin's object store. Operations live in Api/, one class per resource.</summary>
public sealed class S3Service(S3Store store, TimeProvider time) : IAwsService
{
    public string Name => "s3";

    public void Register(OperationTable operations)
    {
        var context = new S3Context(store, time);
        new BucketOperations(context).Register(operations);
        new ObjectReadOperations(context).Register(operations);
        new ObjectWriteOperations(context).Register(operations);
        new ListOperations(context).Register(operations);
        new MultipartOperations(context).Register(operations);
        new TaggingOperations(context).Register(operations);
    }
}

/// <summary>What every S3 operation class shares: the store, the clock, and the common checks.</summary>
public sealed class S3Context(S3Store store, TimeProvider time)
{
    public S3Store Store => store;
    public TimeProvider Time => time;

    public BucketRecord RequireBucket(string? name) =>
        name is not null && store.FindBucket(name) is { } bucket ? bucket : throw S3Errors.NoSuchBucket(name ?? string.Empty);

    public static string RequireKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) throw S3Errors.InvalidArgument("The key must not be empty.", "key", key);
        var size = Encoding.UTF8.GetByteCount(key);
        return size > 1024 ? throw S3Errors.KeyTooLong(size) : key;
    }

    /// <summary>Now, truncated to milliseconds as S3 reports times.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    public static string Quote(string etag) => "\"" + etag + "\"";
}
