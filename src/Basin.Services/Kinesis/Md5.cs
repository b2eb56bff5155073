using System.Buffers.Binary;
using System.Numerics;

namespace Basin.Services.Kinesis;

/// <summary>
/// MD5 (RFC 1321) for short inputs, computed in managed code. Routing hashes every partition key
/// of every PutRecords; the platform's MD5 goes through OpenSSL, whose per-call setup costs more
/// than hashing a key of a few dozen bytes.
/// </summary>
public static class Md5
{
    private static readonly int[] Shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    // K[i] = floor(|sin(i + 1)| · 2^32), as the RFC defines the table.
    private static readonly uint[] K = [.. Enumerable.Range(0, 64).Select(i => (uint)(long)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0))];

    /// <summary>Writes the 16-byte digest of <paramref name="message"/> into <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        uint a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;

        // Whole blocks straight from the message, then the tail with its padding and bit length.
        var whole = message.Length / 64 * 64;
        for (var at = 0; at < whole; at += 64) Block(message.Slice(at, 64), ref a0, ref b0, ref c0, ref d0);
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = message[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)message.Length * 8);
        for (var at = 0; at < tailLength; at += 64) Block(tail.Slice(at, 64), ref a0, ref b0, ref c0, ref d0);

        BinaryPrimitives.WriteUInt32LittleEndian(digest, a0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d0);
    }

    private static void Block(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        uint a = a0, b = b0, c = c0, d = d0;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            switch (i / 16)
            {
                case 0:
                    f = (b & c) | (~b & d);
                    g = i;
                    break;
                case 1:
                    f = (d & b) | (~d & c);
                    g = ((5 * i) + 1) % 16;
                    break;
                case 2:
                    f = b ^ c ^ d;
                    g = ((3 * i) + 5) % 16;
                    break;
                default:
                    f = c ^ (b | ~d);
                    g = 7 * i % 16;
                    break;
            }

            f = f + a + K[i] + m[g];
            a = d;
            d = c;
            c = b;
            b += BitOperations.RotateLeft(f, Shifts[i]);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }
}
