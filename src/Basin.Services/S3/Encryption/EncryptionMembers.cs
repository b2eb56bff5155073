using System.Collections.Concurrent;
using System.Reflection;
using Basin.Storage.S3;

namespace Basin.Services.S3.Encryption;

/// <summary>
/// Fills the server-side encryption members of any S3 output shape by name
/// (ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled, SSECustomerAlgorithm, SSECustomerKeyMD5,
/// SSEKMSEncryptionContext). Each shape has the subset S3 returns for its operation: GET and HEAD
/// have no context, CompleteMultipartUpload no SSE-C echo.
/// </summary>
public static class EncryptionMembers
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    public static void Write(object shape, EncryptionState? encryption)
    {
        if (encryption is null) return;
        var properties = Properties.GetOrAdd(shape.GetType(), t => t.GetProperties().ToDictionary(p => p.Name, StringComparer.Ordinal));
        void Set(string name, object? value)
        {
            if (value is not null && properties.TryGetValue(name, out var property)) property.SetValue(shape, value);
        }

        Set("ServerSideEncryption", encryption.Algorithm);
        Set("SSEKMSKeyId", encryption.KmsKeyId);
        Set("BucketKeyEnabled", encryption.BucketKeyEnabled ? true : null);
        Set("SSEKMSEncryptionContext", encryption.KmsContext);
        Set("SSECustomerAlgorithm", encryption.CustomerAlgorithm);
        Set("SSECustomerKeyMD5", encryption.CustomerKeyMd5);
    }
}
