using System.Buffers.Binary;
using System.Text;
using Basin.Storage.Checksums;

namespace Basin.Storage.Streams;

/// <summary>
/// One append of a stream journal: <c>[u32 frames length][u32 CRC32C of the length and name][u8 name length][shard name][record frames]</c>.
/// The frames carry their own checksums (<see cref="RecordFrame"/>), so the header's checksum
/// covers only what the frames do not: a torn header or a torn frame both end the replay.
/// </summary>
internal static class JournalEntry
{
    private const int FixedHeader = 4 + 4 + 1;

    public static byte[] Header(string shard, int framesLength)
    {
        var name = Encoding.UTF8.GetBytes(shard);
        if (name.Length > byte.MaxValue) throw new ArgumentException("A shard name longer than 255 bytes cannot be journaled.", nameof(shard));
        var header = new byte[FixedHeader + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)framesLength);
        header[8] = (byte)name.Length;
        name.CopyTo(header, FixedHeader);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Checksum(header));
        return header;
    }

    /// <summary>The entry at the start of <paramref name="source"/>: its shard, frames and total size; null when incomplete or corrupt.</summary>
    public static (string Shard, int FramesAt, int FramesLength, int Size)? Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < FixedHeader) return null;
        var headerLength = FixedHeader + source[8];
        if (source.Length < headerLength) return null;
        if (Checksum(source[..headerLength]) != BinaryPrimitives.ReadUInt32LittleEndian(source[4..])) return null;
        var framesLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (framesLength < 0 || source.Length - headerLength < framesLength) return null;
        return (Encoding.UTF8.GetString(source.Slice(FixedHeader, source[8])), headerLength, framesLength, headerLength + framesLength);
    }

    // The length, then the name: everything in the header but the checksum itself.
    private static uint Checksum(ReadOnlySpan<byte> header) => Crc.Crc32C(Crc.Crc32C(0, header[..4]), header[8..]);
}
