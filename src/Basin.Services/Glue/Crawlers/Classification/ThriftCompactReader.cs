using System.Buffers.Binary;
using System.Text;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// Just enough of Thrift's compact protocol to walk Parquet's footer: field headers, zigzag
/// varints, binaries, lists and structs, and skipping whatever a reader does not need.
/// </summary>
public ref struct ThriftCompactReader(ReadOnlySpan<byte> data)
{
    public const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;
    private short _lastField;

    /// <summary>The next field of the current struct: its id and compact type (Stop at the end).</summary>
    public (short Id, byte Type) ReadFieldHeader()
    {
        var header = ReadByte();
        var type = (byte)(header & 0x0F);
        if (type == Stop) return (0, Stop);
        var delta = header >> 4;
        _lastField = delta == 0 ? (short)ZigZag(ReadVarint()) : (short)(_lastField + delta);
        return (_lastField, type);
    }

    /// <summary>Enters a nested struct; returns the enclosing struct's last field id for <see cref="EndStruct"/>.</summary>
    public short BeginStruct()
    {
        var saved = _lastField;
        _lastField = 0;
        return saved;
    }

    public void EndStruct(short saved) => _lastField = saved;

    public long ReadInteger() => ZigZag(ReadVarint());

    public string ReadString()
    {
        var length = checked((int)ReadVarint());
        if (length < 0 || _position + length > _data.Length) throw new FormatException("Thrift binary runs past the footer.");
        var value = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return value;
    }

    public (byte ElementType, int Count) ReadListHeader()
    {
        var header = ReadByte();
        var count = header >> 4;
        if (count == 15) count = checked((int)ReadVarint());
        return ((byte)(header & 0x0F), count);
    }

    /// <summary>Skips one value of a compact type (booleans in field headers carry no payload).</summary>
    public void Skip(byte type)
    {
        switch (type)
        {
            case True or False:
                break;
            case Byte:
                _position++;
                break;
            case I16 or I32 or I64:
                ReadVarint();
                break;
            case Double:
                _position += 8;
                break;
            case Binary:
                var length = checked((int)ReadVarint());
                _position += length;
                break;
            case List or Set:
                var (elementType, count) = ReadListHeader();
                for (var i = 0; i < count; i++) SkipElement(elementType);
                break;
            case Map:
                var size = checked((int)ReadVarint());
                if (size == 0) break;
                var kinds = ReadByte();
                for (var i = 0; i < size; i++)
                {
                    SkipElement((byte)(kinds >> 4));
                    SkipElement((byte)(kinds & 0x0F));
                }

                break;
            case Struct:
                var saved = BeginStruct();
                while (ReadFieldHeader() is var (_, t) && t != Stop) Skip(t);
                EndStruct(saved);
                break;
            default:
                throw new FormatException($"Unknown Thrift compact type {type}.");
        }

        if (_position > _data.Length) throw new FormatException("Thrift value runs past the footer.");
    }

    /// <summary>Inside lists and maps a boolean is a whole byte.</summary>
    private void SkipElement(byte type)
    {
        if (type is True or False) _position++;
        else Skip(type);
    }

    private byte ReadByte() => _position < _data.Length ? _data[_position++] : throw new FormatException("Truncated Parquet footer.");

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }

        throw new FormatException("Malformed varint in Parquet footer.");
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    /// <summary>The 4-byte little-endian footer length that precedes the closing magic.</summary>
    public static int FooterLength(ReadOnlySpan<byte> tail) => BinaryPrimitives.ReadInt32LittleEndian(tail);
}
