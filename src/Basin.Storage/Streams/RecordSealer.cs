using System.Buffers.Binary;
using System.Security.Cryptography;
using Basin.Storage.Keys;

namespace Basin.Storage.Streams;

/// <summary>
/// Server-side encryption of stream records at rest (Kinesis shards, Firehose buffers): AES-256-GCM with a vault key, a fresh
/// 96-bit nonce per record and the record's counter as associated data (a sealed record cannot
/// be moved to another position). Sealed data is <c>[nonce][ciphertext][tag]</c>.
/// </summary>
public sealed class RecordSealer(KeyVault vault)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public StreamRecord Seal(StreamRecord record, string keyId)
    {
        var (number, material) = vault.Resolve(keyId);
        var sealedData = new byte[NonceSize + record.Data.Length + TagSize];
        var nonce = sealedData.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(material, TagSize);
        aes.Encrypt(nonce, record.Data, sealedData.AsSpan(NonceSize, record.Data.Length), sealedData.AsSpan(NonceSize + record.Data.Length), Position(record.Counter));
        return record with { Data = sealedData, KeyNumber = number };
    }

    /// <summary>The plaintext of a record (sealed or not).</summary>
    public byte[] Open(StreamRecord record)
    {
        if (record.KeyNumber is not { } number) return record.Data;
        var data = record.Data;
        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(vault.Material(number), TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain, Position(record.Counter));
        return plain;
    }

    private static byte[] Position(ulong counter)
    {
        var aad = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(aad, counter);
        return aad;
    }
}
