using System.Buffers.Binary;
using System.Text;
using Basin.Storage.Checksums;

namespace Basin.Storage.Streams;

/// <summary>
/// The on-disk frame of a stream record:
/// <c>[u32 payload length][u32 CRC32C of payload][u64 counter][i64 arrival ms][u16 key length][key][data]</c>.
/// The checksum makes a torn tail (a crash mid-append) detectable: recovery stops at the first bad frame.
/// </summary>
internal static class RecordFrame
{
    public const int HeaderSize = 8;
    private const int FixedPayload = 8 + 8 + 2;

    public static int SizeOf(StreamRecord r) => HeaderSize + FixedPayload + Encoding.UTF8.GetByteCount(r.PartitionKey) + r.Data.Length;

    public static int Write(Span<byte> destination, StreamRecord r)
    {
        var payload = destination[HeaderSize..];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, r.Counter);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], r.ArrivalMs);
        var keyLength = Encoding.UTF8.GetBytes(r.PartitionKey, payload[FixedPayload..]);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[16..], (ushort)keyLength);
        r.Data.CopyTo(payload[(FixedPayload + keyLength)..]);
        var length = FixedPayload + keyLength + r.Data.Length;
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
        if (FixedPayload + keyLength > length) return null;
        var record = new StreamRecord(
            BinaryPrimitives.ReadUInt64LittleEndian(payload),
            BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            Encoding.UTF8.GetString(payload.Slice(FixedPayload, keyLength)),
            payload[(FixedPayload + keyLength)..].ToArray());
        return (record, HeaderSize + length);
    }
}
