using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Basin.Storage.Checksums;

/// <summary>
/// CRC32 (IEEE 802.3, reflected 0xEDB88320), CRC32C (Castagnoli, reflected 0x82F63B78; SSE4.2
/// when the CPU has it) and CRC64/NVME (reflected 0x9A6C9329AC4BC9B5), as S3 computes them.
/// System.IO.Hashing is not restorable here, hence these few lines.
/// </summary>
public static class Crc
{
    private static readonly uint[][] Crc32Tables = SliceTables(0xEDB88320u);
    private static readonly uint[][] Crc32CTables = SliceTables(0x82F63B78u);
    private static readonly ulong[] Crc64Table = Table64(0x9A6C9329AC4BC9B5ul);

    public static uint Crc32(uint crc, ReadOnlySpan<byte> data) => ~Slice8(~crc, data, Crc32Tables);

    public static uint Crc32C(uint crc, ReadOnlySpan<byte> data)
    {
        if (!Sse42.X64.IsSupported) return ~Slice8(~crc, data, Crc32CTables);
        ulong c = ~crc;
        while (data.Length >= 8)
        {
            c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        var c32 = (uint)c;
        foreach (var b in data) c32 = Sse42.Crc32(c32, b);
        return ~c32;
    }

    public static ulong Crc64Nvme(ulong crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data) crc = Crc64Table[(byte)(crc ^ b)] ^ (crc >> 8);
        return ~crc;
    }

    private static uint Slice8(uint crc, ReadOnlySpan<byte> data, uint[][] t)
    {
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7][one & 0xFF] ^ t[6][(one >> 8) & 0xFF] ^ t[5][(one >> 16) & 0xFF] ^ t[4][one >> 24]
                ^ t[3][two & 0xFF] ^ t[2][(two >> 8) & 0xFF] ^ t[1][(two >> 16) & 0xFF] ^ t[0][two >> 24];
            data = data[8..];
        }

        foreach (var b in data) crc = t[0][(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[][] SliceTables(uint poly)
    {
        var t = new uint[8][];
        for (var k = 0; k < 8; k++) t[k] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var j = 0; j < 8; j++) c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1;
            t[0][i] = c;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var k = 1; k < 8; k++) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
        }

        return t;
    }

    private static ulong[] Table64(ulong poly)
    {
        var t = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var j = 0; j < 8; j++) c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1;
            t[i] = c;
        }

        return t;
    }
}
