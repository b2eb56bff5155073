using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Basin.Storage.S3.Encryption;

/// <summary>
/// Envelope encryption of object data: every encrypted data file has its own random 256-bit data
/// key, stored in the file's header sealed (AES-256-GCM) under a key-encryption key — a key-vault
/// key (SSE-S3's root key or an SSE-KMS key), or the customer's own key for SSE-C, which Basin
/// never stores. A sealed key is <c>[vault number (0 = customer key)][nonce][wrapped key][tag]</c>;
/// the GCM tag is also how a wrong SSE-C key is recognised.
/// </summary>
public static class DataKeys
{
    public const int KeySize = 32;
    public const int SealedSize = 4 + NonceSize + KeySize + TagSize;

    /// <summary>The vault number that marks a key sealed under a customer-provided key.</summary>
    public const uint CustomerKey = 0;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("basin/s3/data-key/v1");

    public static byte[] New() => RandomNumberGenerator.GetBytes(KeySize);

    public static byte[] Seal(ReadOnlySpan<byte> dataKey, uint vaultNumber, ReadOnlySpan<byte> keyEncryptionKey)
    {
        var sealedKey = new byte[SealedSize];
        BinaryPrimitives.WriteUInt32BigEndian(sealedKey, vaultNumber);
        var nonce = sealedKey.AsSpan(4, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(keyEncryptionKey, TagSize);
        gcm.Encrypt(nonce, dataKey, sealedKey.AsSpan(4 + NonceSize, KeySize), sealedKey.AsSpan(4 + NonceSize + KeySize, TagSize), Purpose);
        return sealedKey;
    }

    /// <summary>The data key, or null when <paramref name="keyEncryptionKey"/> is not the key it was sealed under.</summary>
    public static byte[]? Unseal(ReadOnlySpan<byte> sealedKey, ReadOnlySpan<byte> keyEncryptionKey)
    {
        if (sealedKey.Length != SealedSize || keyEncryptionKey.Length != KeySize) return null;
        var dataKey = new byte[KeySize];
        using var gcm = new AesGcm(keyEncryptionKey, TagSize);
        try
        {
            gcm.Decrypt(sealedKey.Slice(4, NonceSize), sealedKey.Slice(4 + NonceSize, KeySize), sealedKey.Slice(4 + NonceSize + KeySize, TagSize), dataKey, Purpose);
            return dataKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public static uint VaultNumber(ReadOnlySpan<byte> sealedKey) => BinaryPrimitives.ReadUInt32BigEndian(sealedKey);
}

/// <summary>How a new data file is encrypted: its data key, and that key sealed for the file's header.</summary>
public sealed record FileEncryption(byte[] DataKey, byte[] SealedKey);
