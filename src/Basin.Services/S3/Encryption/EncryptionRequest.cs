using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Basin.Services.S3.Encryption;

/// <summary>
/// The server-side encryption a write names in its headers (PutObject, CopyObject,
/// CreateMultipartUpload share the members), validated with S3's errors: SSE-C excludes
/// x-amz-server-side-encryption, KMS members need aws:kms, the context is base64 JSON.
/// </summary>
public sealed record EncryptionRequest(string? Algorithm, string? KmsKeyId, string? KmsContext, bool? BucketKeyEnabled, CustomerKey? Customer)
{
    private static readonly string[] Algorithms = ["AES256", "aws:kms", "aws:kms:dsse"];

    /// <summary>A write that names no encryption (the bucket's default applies).</summary>
    public static readonly EncryptionRequest None = new(null, null, null, null, null);

    /// <summary>True when the request names any encryption (an in-place copy may then be legal).</summary>
    public bool Any => Algorithm is not null || Customer is not null;

    /// <summary>Reads the encryption members of a write request's document (<see cref="ObjectTemplates.Members"/>).</summary>
    public static EncryptionRequest From(JsonObject doc)
    {
        string? Member(string name) => doc[name]?.GetValue<string>();
        var algorithm = Member("ServerSideEncryption");
        var (customerAlgorithm, customerKey, customerKeyMd5) = (Member("SSECustomerAlgorithm"), Member("SSECustomerKey"), Member("SSECustomerKeyMD5"));
        if (algorithm is not null && (customerAlgorithm ?? customerKey ?? customerKeyMd5) is not null)
        {
            throw S3Errors.InvalidArgument("Server Side Encryption with Customer provided key is incompatible with the encryption method specified", "x-amz-server-side-encryption", algorithm);
        }

        if (algorithm is not null && !Algorithms.Contains(algorithm))
        {
            throw S3Errors.InvalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", algorithm);
        }

        var kmsKeyId = Member("SSEKMSKeyId");
        var context = Member("SSEKMSEncryptionContext");
        if ((kmsKeyId ?? context) is not null && algorithm is not ("aws:kms" or "aws:kms:dsse"))
        {
            throw S3Errors.InvalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption", algorithm);
        }

        if (context is not null && !IsContext(context))
        {
            throw S3Errors.InvalidArgument("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map", "x-amz-server-side-encryption-context", context);
        }

        var bucketKey = doc["BucketKeyEnabled"]?.GetValue<bool>();
        return new EncryptionRequest(algorithm, kmsKeyId, context, bucketKey, CustomerKeys.ForWrite(customerAlgorithm, customerKey, customerKeyMd5));
    }

    /// <summary>An encryption context: base64 of a UTF-8 JSON object whose values are all strings.</summary>
    private static bool IsContext(string value)
    {
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}
