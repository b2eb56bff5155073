using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Basin.Storage.S3.Encryption;

/// <summary>
/// The layout of an encrypted data file: an 80-byte header — magic <c>BSE1</c>, the sealed data
/// key (<see cref="DataKeys"/>), the file's 64-bit counter nonce, padding — then the object's
/// bytes under AES-256-CTR (<see cref="AesCtr"/>), byte for byte, so offsets map 1:1 after the header.
/// </summary>
internal static class EncryptedDataFile
{
    public const int HeaderSize = 80;
    private static readonly byte[] Magic = "BSE1"u8.ToArray();

    /// <summary>A header for a new file, with a fresh nonce (a data key may encrypt several files: an upload's parts).</summary>
    public static (byte[] Header, ulong Nonce) NewHeader(FileEncryption encryption)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        encryption.SealedKey.CopyTo(header, Magic.Length);
        var nonce = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(Magic.Length + DataKeys.SealedSize), nonce);
        return (header, nonce);
    }

    /// <summary>Reads the header at the start of <paramref name="file"/>: the sealed data key and the nonce.</summary>
    public static (byte[] SealedKey, ulong Nonce) ReadHeader(Stream file)
    {
        var header = new byte[HeaderSize];
        file.Position = 0;
        file.ReadExactly(header);
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new CryptographicException("The data file is not an encrypted Basin data file.");
        return (header[Magic.Length..(Magic.Length + DataKeys.SealedSize)], BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(Magic.Length + DataKeys.SealedSize)));
    }
}
