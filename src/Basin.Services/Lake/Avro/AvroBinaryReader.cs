using System.Buffers.Binary;
using System.Text;

namespace Basin.Services.Lake.Avro;

/// <summary>Avro's binary encoding over one decoded block: zig-zag varints, little-endian floats, length-prefixed bytes.</summary>
public sealed class AvroBinaryReader(byte[] data, int length)
{
    private int _position;

    public bool AtEnd => _position >= length;

    public long ReadLong()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (long)(value >> 1) ^ -(long)(value & 1);
        }

        throw new InvalidDataException("An Avro varint is longer than ten bytes.");
    }

    public int ReadInt() => checked((int)ReadLong());

    public bool ReadBoolean() => ReadByte() != 0;

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes() => Take(ReadInt());

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public ReadOnlySpan<byte> ReadFixed(int size) => Take(size);

    private byte ReadByte() => _position < length ? data[_position++] : throw Truncated();

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > length - _position) throw Truncated();
        var span = data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private static InvalidDataException Truncated() => new("An Avro block ends in the middle of a value.");
}
