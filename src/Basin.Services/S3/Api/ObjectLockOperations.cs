using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Locking;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/GetObjectLockConfiguration, Put/GetObjectRetention and Put/GetObjectLegalHold. Object Lock
/// needs a versioned bucket and, once on, stays on; the protection itself is enforced on deletes
/// (<see cref="ObjectLocks"/>).
/// </summary>
public sealed class ObjectLockOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<PutObjectLockConfigurationRequest, PutObjectLockConfigurationOutput>("PutObjectLockConfiguration", PutConfigurationAsync);
        operations.On<GetObjectLockConfigurationRequest, GetObjectLockConfigurationOutput>("GetObjectLockConfiguration", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var configuration = s3.ObjectLock(input.Bucket!)
                ?? throw new AwsServiceException("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", 404).With("BucketName", input.Bucket!);
            return Task.FromResult(new GetObjectLockConfigurationOutput { ObjectLockConfiguration = configuration });
        });
        operations.On<PutObjectRetentionRequest, PutObjectRetentionOutput>("PutObjectRetention", PutRetentionAsync);
        operations.On<GetObjectRetentionRequest, GetObjectRetentionOutput>("GetObjectRetention", (input, _) =>
        {
            var version = Locked(input.Bucket, input.Key, input.VersionId);
            return version.Lock is { Mode: { } mode, RetainUntil: { } until }
                ? Task.FromResult(new GetObjectRetentionOutput { Retention = new ObjectLockRetention { Mode = mode, RetainUntilDate = until } })
                : throw NoLock();
        });
        operations.On<PutObjectLegalHoldRequest, PutObjectLegalHoldOutput>("PutObjectLegalHold", PutLegalHoldAsync);
        operations.On<GetObjectLegalHoldRequest, GetObjectLegalHoldOutput>("GetObjectLegalHold", (input, _) =>
        {
            var version = Locked(input.Bucket, input.Key, input.VersionId);
            return version.Lock is { } state
                ? Task.FromResult(new GetObjectLegalHoldOutput { LegalHold = new ObjectLockLegalHold { Status = state.LegalHold ? "ON" : "OFF" } })
                : throw NoLock();
        });
    }

    private async Task<PutObjectLockConfigurationOutput> PutConfigurationAsync(PutObjectLockConfigurationRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var configuration = input.ObjectLockConfiguration ?? throw S3Errors.MissingRequestBody();
        if (s3.Store.GetBucketVersioning(input.Bucket!) != BucketVersioning.Enabled)
        {
            throw new AwsServiceException("InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", 409);
        }

        ObjectLocks.Validate(configuration);
        await s3.Store.PutBucketConfigAsync(input.Bucket!, ObjectLocks.Kind, JsonSerializer.Serialize(configuration)).ConfigureAwait(false);
        return new PutObjectLockConfigurationOutput();
    }

    private async Task<PutObjectRetentionOutput> PutRetentionAsync(PutObjectRetentionRequest input, AwsRequest request)
    {
        var version = Locked(input.Bucket, input.Key, input.VersionId);
        var retention = input.Retention ?? throw S3Errors.MissingRequestBody();
        if (retention.Mode is not ("GOVERNANCE" or "COMPLIANCE") || retention.RetainUntilDate is null) throw S3Errors.MalformedXml();
        var now = s3.Now();
        if (retention.RetainUntilDate <= now) throw S3Errors.InvalidArgument("The retain until date must be in the future!", "RetainUntilDate", null);
        ObjectLocks.RequireRetentionChange(version.Lock, retention, input.BypassGovernanceRetention == true, now);
        _ = await s3.Store.UpdateVersionAsync(version, v => v with { Lock = new ObjectLockState(retention.Mode, retention.RetainUntilDate, v.Lock?.LegalHold ?? false) }).ConfigureAwait(false)
            ?? throw S3Errors.NoSuchKey(version.Key);
        return new PutObjectRetentionOutput();
    }

    private async Task<PutObjectLegalHoldOutput> PutLegalHoldAsync(PutObjectLegalHoldRequest input, AwsRequest request)
    {
        var version = Locked(input.Bucket, input.Key, input.VersionId);
        var status = input.LegalHold?.Status switch
        {
            "ON" => true,
            "OFF" => false,
            _ => throw S3Errors.MalformedXml(),
        };
        _ = await s3.Store.UpdateVersionAsync(version, v => v with { Lock = new ObjectLockState(v.Lock?.Mode, v.Lock?.RetainUntil, status) }).ConfigureAwait(false)
            ?? throw S3Errors.NoSuchKey(version.Key);
        return new PutObjectLegalHoldOutput();
    }

    /// <summary>The version a retention or legal-hold request names, in a bucket that has Object Lock.</summary>
    private ObjectRecord Locked(string? bucket, string? key, string? versionId)
    {
        s3.RequireBucket(bucket);
        if (s3.ObjectLock(bucket!) is null) throw ObjectLocks.MissingConfiguration();
        return s3.ReadableVersion(bucket!, S3Context.RequireKey(key), versionId);
    }

    private static AwsServiceException NoLock() =>
        new("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", 404);
}
