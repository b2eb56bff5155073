using System.Security.Cryptography;
using Basin.Aws.Protocol;
using Basin.Storage.S3;
using Basin.Storage.S3.Encryption;

namespace Basin.Services.S3.Encryption;

/// <summary>
/// Encryption at rest for S3: decides how a new version is encrypted (what the request names,
/// else the bucket's default encryption, else plaintext), seals its data key (SSE-S3 under
/// Basin's root key, SSE-KMS under the KMS key's material, SSE-C under the customer's key), and
/// checks the customer key of SSE-C reads with S3's errors.
/// </summary>
public sealed class ServerSideEncryption(S3Context s3)
{
    /// <summary>The bucket subresource kind of the default encryption configuration.</summary>
    public const string Kind = "encryption";

    private static readonly string[] WriteOnlyHeaders = ["x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-context"];

    /// <summary>The vault key SSE-S3 data keys are sealed under.</summary>
    private const string RootKeyId = "basin:s3:sse-s3";

    /// <summary>A new version's encryption: what S3 reports, and how its data file is encrypted. Null: plaintext.</summary>
    public (EncryptionState State, FileEncryption File)? ForNewVersion(BucketRecord bucket, string key, EncryptionRequest requested, CallerIdentity? caller)
    {
        var rule = s3.BucketEncryption(bucket.Name)?.Rules?.FirstOrDefault();
        if (requested.Customer is { } customer)
        {
            if (rule?.BlockedEncryptionTypes?.EncryptionType?.Contains("SSE-C") == true) throw SseCBlocked(bucket.Name, key, caller);
            var dataKey = DataKeys.New();
            var state = new EncryptionState { CustomerAlgorithm = "AES256", CustomerKeyMd5 = customer.KeyMd5 };
            return (state, new FileEncryption(dataKey, DataKeys.Seal(dataKey, DataKeys.CustomerKey, customer.Key)));
        }

        var byDefault = rule?.ApplyServerSideEncryptionByDefault;
        var algorithm = requested.Algorithm ?? byDefault?.SSEAlgorithm;
        if (algorithm is null) return null;
        if (algorithm == "AES256") return Sealed(new EncryptionState { Algorithm = algorithm }, RootKeyId);

        // A request naming aws:kms without a key id gets the AWS managed key, not the bucket's.
        var keyId = requested.Algorithm is not null ? requested.KmsKeyId : byDefault?.KMSMasterKeyID;
        var arn = KmsKeyIds.ToKeyArn(keyId ?? KmsKeyIds.AwsManagedS3, bucket.Region, bucket.OwnerAccount);
        var bucketKey = algorithm == "aws:kms" && (requested.BucketKeyEnabled ?? rule?.BucketKeyEnabled ?? false);
        return Sealed(new EncryptionState { Algorithm = algorithm, KmsKeyId = arn, BucketKeyEnabled = bucketKey, KmsContext = requested.KmsContext }, arn);
    }

    /// <summary>
    /// The encryption of a new multipart upload. Its data key is kept sealed in the upload's
    /// template; for SSE-C also under the root key, because parts and the completion are written
    /// from it and S3 completes an SSE-C upload without the customer key.
    /// </summary>
    public EncryptionState? ForNewUpload(BucketRecord bucket, string key, EncryptionRequest requested, CallerIdentity? caller)
    {
        if (ForNewVersion(bucket, key, requested, caller) is not var (state, file)) return null;
        var forParts = state.CustomerKeyMd5 is null ? null : SealUnder(file.DataKey, RootKeyId);
        return state with { UploadSealedKey = Convert.ToBase64String(file.SealedKey), UploadPartsSealedKey = forParts is null ? null : Convert.ToBase64String(forParts) };
    }

    /// <summary>How an upload's parts are encrypted (null for a plaintext upload).</summary>
    public FileEncryption? ForParts(MultipartUploadRecord upload) =>
        UploadKey(upload) is var (dataKey, partsSealed, _) ? new FileEncryption(dataKey, partsSealed) : null;

    /// <summary>How the completed object's file is encrypted, and the state it keeps (without the upload's keys).</summary>
    public (EncryptionState? State, FileEncryption? File) ForCompletion(MultipartUploadRecord upload) =>
        UploadKey(upload) is var (dataKey, _, objectSealed)
            ? (upload.Template.Encryption! with { UploadSealedKey = null, UploadPartsSealedKey = null }, new FileEncryption(dataKey, objectSealed))
            : (null, null);

    /// <summary>
    /// S3's checks of the SSE-C headers on UploadPart (and, when sent, CompleteMultipartUpload):
    /// an SSE-C upload needs the key it was started with; other uploads take none.
    /// </summary>
    public void CheckUploadKey(MultipartUploadRecord upload, CustomerKey? provided, bool required)
    {
        var encryption = upload.Template.Encryption;
        var customer = encryption?.CustomerKeyMd5 is not null;
        if (!customer && provided is null) return;
        if (provided is null && !required) return;
        if (!customer || provided is null)
        {
            throw S3Errors.InvalidRequest("The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
        }

        if (DataKeys.Unseal(Convert.FromBase64String(encryption!.UploadSealedKey!), provided.Key) is null)
        {
            throw S3Errors.InvalidRequest("The provided encryption parameters did not match the ones used originally.");
        }
    }

    /// <summary>
    /// The customer key to read a version with, after S3's checks: an SSE-C version needs its key
    /// (missing: 400, wrong: 403); SSE-C headers on any other version are an invalid request.
    /// </summary>
    public byte[]? ReadKey(ObjectRecord record, CustomerKey? provided)
    {
        if (record.Encryption?.CustomerKeyMd5 is null)
        {
            return provided is null ? null : throw S3Errors.InvalidRequest("The encryption parameters are not applicable to this object.");
        }

        if (provided is null) throw S3Errors.InvalidRequest("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
        return s3.Store.OpensWith(record, provided.Key) ? provided.Key : throw CustomerKeys.WrongKey();
    }

    /// <summary>GET and HEAD take no x-amz-server-side-encryption headers: a version's encryption cannot change on read.</summary>
    public static void RejectOnRead(AwsRequest request)
    {
        foreach (var name in WriteOnlyHeaders)
        {
            if (request.Http.Request.Headers.TryGetValue(name, out var value))
            {
                throw S3Errors.InvalidArgument($"{name} header is not supported for this operation.", name, value.ToString());
            }
        }
    }

    /// <summary>
    /// The ETag of a single-part write: the MD5 of the data for plaintext and SSE-S3; for SSE-KMS
    /// and SSE-C, S3's ETag is not the MD5 (and differs between identical uploads).
    /// </summary>
    public static string ETag(EncryptionState? encryption, byte[] md5) =>
        encryption is { CustomerKeyMd5: not null } or { KmsKeyId: not null }
            ? Convert.ToHexStringLower(MD5.HashData([.. md5, .. RandomNumberGenerator.GetBytes(16)]))
            : Convert.ToHexStringLower(md5);

    private (byte[] DataKey, byte[] PartsSealed, byte[] ObjectSealed)? UploadKey(MultipartUploadRecord upload)
    {
        if (upload.Template.Encryption is not { UploadSealedKey: { } objectSealed } encryption) return null;
        var partsSealed = Convert.FromBase64String(encryption.UploadPartsSealedKey ?? objectSealed);
        var dataKey = DataKeys.Unseal(partsSealed, s3.Store.Keys.Material(DataKeys.VaultNumber(partsSealed)))
            ?? throw new CryptographicException("The upload's data key cannot be unsealed.");
        return (dataKey, partsSealed, Convert.FromBase64String(objectSealed));
    }

    private (EncryptionState, FileEncryption) Sealed(EncryptionState state, string vaultKeyId)
    {
        var dataKey = DataKeys.New();
        return (state, new FileEncryption(dataKey, SealUnder(dataKey, vaultKeyId)));
    }

    private byte[] SealUnder(byte[] dataKey, string vaultKeyId)
    {
        var (number, material) = s3.Store.Keys.Resolve(vaultKeyId);
        return DataKeys.Seal(dataKey, number, material);
    }

    private static AwsServiceException SseCBlocked(string bucket, string key, CallerIdentity? caller) =>
        new("AccessDenied",
            $"User: {caller?.Arn} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::{bucket}/{key}\" because this bucket has blocked upload requests that specify Server Side Encryption with Customer provided keys (SSE-C). Please specify a different server-side encryption type",
            403);
}
