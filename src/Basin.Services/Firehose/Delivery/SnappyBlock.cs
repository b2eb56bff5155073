using System.Buffers.Binary;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Snappy's block format (https://github.com/google/snappy/blob/main/format_description.txt):
/// a varint of the uncompressed length, then literals and back-references found with a hash of
/// the next four bytes. Inputs are at most 64 KiB (the framing and Hadoop formats cut them so),
/// which keeps every offset within a two-byte copy.
/// </summary>
public static class SnappyBlock
{
    public const int MaxInput = 65536;
    private const int HashBits = 14;

    /// <summary>Appends the compressed form of <paramref name="input"/> to <paramref name="output"/>.</summary>
    public static void Compress(ReadOnlySpan<byte> input, Stream output)
    {
        if (input.Length > MaxInput) throw new ArgumentOutOfRangeException(nameof(input), "Snappy blocks are compressed 64 KiB at a time.");
        WriteVarint(output, (uint)input.Length);
        Span<ushort> table = stackalloc ushort[1 << HashBits];
        table.Clear();
        var literalStart = 0;
        var i = 0;
        while (i + 4 <= input.Length)
        {
            var hash = Hash(BinaryPrimitives.ReadUInt32LittleEndian(input[i..]));
            int candidate = table[hash];
            table[hash] = (ushort)i;
            if (candidate < i && BinaryPrimitives.ReadUInt32LittleEndian(input[candidate..]) == BinaryPrimitives.ReadUInt32LittleEndian(input[i..]))
            {
                WriteLiteral(output, input[literalStart..i]);
                var length = 4;
                while (i + length < input.Length && input[candidate + length] == input[i + length]) length++;
                WriteCopy(output, i - candidate, length);
                i += length;
                literalStart = i;
                continue;
            }

            i++;
        }

        WriteLiteral(output, input[literalStart..]);
    }

    private static int Hash(uint bytes) => (int)((bytes * 0x1E35A7BDu) >> (32 - HashBits));

    private static void WriteLiteral(Stream output, ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty) return;
        var n = literal.Length - 1;
        if (n < 60)
        {
            output.WriteByte((byte)(n << 2));
        }
        else if (n < 256)
        {
            output.WriteByte(60 << 2);
            output.WriteByte((byte)n);
        }
        else
        {
            output.WriteByte(61 << 2);
            output.WriteByte((byte)n);
            output.WriteByte((byte)(n >> 8));
        }

        output.Write(literal);
    }

    /// <summary>Copies of 4..64 bytes with a two-byte offset (tag 2); longer matches are split.</summary>
    private static void WriteCopy(Stream output, int offset, int length)
    {
        while (length > 0)
        {
            var chunk = length > 64 ? (length - 64 < 4 ? 60 : 64) : length;
            output.WriteByte((byte)(((chunk - 1) << 2) | 2));
            output.WriteByte((byte)offset);
            output.WriteByte((byte)(offset >> 8));
            length -= chunk;
        }
    }

    private static void WriteVarint(Stream output, uint value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }
}
