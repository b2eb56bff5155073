using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Basin.Storage.Checksums;

namespace Basin.Storage.Streams;

/// <summary>
/// The on-disk frame of a stream record:
/// <c>[u32 payload length][u32 CRC32C of payload][u64 counter][i64 arrival ms][u16 key length][key][u8 flags][u32 key number if encrypted][data]</c>.
/// The checksum makes a torn tail (a crash mid-append) detectable: recovery stops at the first bad frame.
/// </summary>
internal static class RecordFrame
{
    public const int HeaderSize = 8;
    private const int FixedPayload = 8 + 8 + 2;

    private const byte Encrypted = 1;

    public static int SizeOf(StreamRecord r) => HeaderSize + FixedPayload + Encoding.UTF8.GetByteCount(r.PartitionKey) + 1 + (r.KeyNumber is null ? 0 : 4) + r.Data.Length;

    /// <summary>The frames of <paramref name="records"/> back to back in a pooled buffer the caller returns.</summary>
    public static (byte[] Buffer, int Size) Encode(IReadOnlyList<StreamRecord> records)
    {
        var size = 0;
        foreach (var r in records) size += SizeOf(r);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var at = 0;
        foreach (var r in records) at += Write(buffer.AsSpan(at), r);
        return (buffer, size);
    }

    /// <summary>Size of the frame at the start of <paramref name="frames"/> (which must hold a whole frame).</summary>
    public static int SizeAt(ReadOnlySpan<byte> frames) => HeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(frames);

    public static int Write(Span<byte> destination, StreamRecord r)
    {
        var payload = destination[HeaderSize..];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, r.Counter);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], r.ArrivalMs);
        var keyLength = Encoding.UTF8.GetBytes(r.PartitionKey, payload[FixedPayload..]);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[16..], (ushort)keyLength);
        var at = FixedPayload + keyLength;
        payload[at++] = r.KeyNumber is null ? (byte)0 : Encrypted;
        if (r.KeyNumber is { } key)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload[at..], key);
            at += 4;
        }

        r.Data.CopyTo(payload[at..]);
        var length = at + r.Data.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc.Crc32C(0, payload[..length]));
        return HeaderSize + length;
    }

    /// <summary>Reads the frame at the start of <paramref name="source"/>; null if it is incomplete or corrupt.</summary>
    public static (StreamRecord Record, int Size)? Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < HeaderSize) return null;
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (length < FixedPayload || source.Length < HeaderSize + length) return null;
        var payload = source.Slice(HeaderSize, length);
        if (Crc.Crc32C(0, payload) != BinaryPrimitives.ReadUInt32LittleEndian(source[4..])) return null;
        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[16..]);
        var at = FixedPayload + keyLength;
        if (at + 1 > length) return null;
        uint? keyNumber = null;
        if ((payload[at++] & Encrypted) != 0)
        {
            if (at + 4 > length) return null;
            keyNumber = BinaryPrimitives.ReadUInt32LittleEndian(payload[at..]);
            at += 4;
        }

        var record = new StreamRecord(
            BinaryPrimitives.ReadUInt64LittleEndian(payload),
            BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            Encoding.UTF8.GetString(payload.Slice(FixedPayload, keyLength)),
            payload[at..].ToArray(),
            keyNumber);
        return (record, HeaderSize + length);
    }
}
