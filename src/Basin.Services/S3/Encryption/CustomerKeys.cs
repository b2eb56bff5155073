using System.Security.Cryptography;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Encryption;

/// <summary>An SSE-C key as a request sent it: the raw key and the base64 MD5 S3 echoes back.</summary>
public sealed record CustomerKey(byte[] Key, string KeyMd5);

/// <summary>
/// Reads the SSE-C header trio (algorithm, key, key MD5) with S3's checks and messages, in S3's
/// order: algorithm, key, MD5 (before the key's length). Writes need all three; reads accept a
/// missing MD5 and leave a wrong-length key to fail as a wrong key (403).
/// </summary>
public static class CustomerKeys
{
    private const string Prefix = "Requests specifying Server Side Encryption with Customer provided keys must ";

    public static CustomerKey? ForWrite(string? algorithm, string? key, string? keyMd5) => Read(algorithm, key, keyMd5, write: true);

    public static CustomerKey? ForRead(string? algorithm, string? key, string? keyMd5) => Read(algorithm, key, keyMd5, write: false);

    /// <summary>S3's answer when an SSE-C version is read with another key.</summary>
    public static AwsServiceException WrongKey() => new("AccessDenied", Prefix + "provide the correct secret key.", 403);

    private static CustomerKey? Read(string? algorithm, string? key, string? keyMd5, bool write)
    {
        if (algorithm is null && key is null && keyMd5 is null) return null;
        if (algorithm is null) throw S3Errors.InvalidArgument(Prefix + "provide a valid encryption algorithm.", "x-amz-server-side-encryption", null);
        if (algorithm != "AES256")
        {
            throw new AwsServiceException("InvalidEncryptionAlgorithmError", "The Encryption request you specified is not valid. Supported value: AES256.")
                .With("ArgumentName", "x-amz-server-side-encryption").With("ArgumentValue", algorithm);
        }

        if (key is null) throw S3Errors.InvalidArgument(Prefix + "provide an appropriate secret key.", "x-amz-server-side-encryption", null);
        var raw = Base64OrEmpty(key);
        var md5 = Convert.ToBase64String(MD5.HashData(raw));
        if (keyMd5 is null)
        {
            if (write) throw S3Errors.InvalidArgument(Prefix + "provide the client calculated MD5 of the secret key.", "x-amz-server-side-encryption", null);
        }
        else if (!Base64OrEmpty(keyMd5).AsSpan().SequenceEqual(Convert.FromBase64String(md5)))
        {
            throw S3Errors.InvalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.", "x-amz-server-side-encryption", null);
        }

        if (write && raw.Length != Basin.Storage.S3.Encryption.DataKeys.KeySize)
        {
            throw S3Errors.InvalidArgument("The secret key was invalid for the specified algorithm.", "x-amz-server-side-encryption", null);
        }

        return new CustomerKey(raw, md5);
    }

    private static byte[] Base64OrEmpty(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
