using System.Runtime.CompilerServices;
using System.Text;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A column vector of a chunk, read in place: a validity bitmask (absent when every row is valid)
/// over fixed-width values, <c>duckdb_string_t</c> entries for VARCHAR/BLOB, and list entries or
/// child vectors for nested types. Only valid while its chunk is alive.
/// </summary>
public readonly unsafe struct DuckDbVector
{
    private readonly IntPtr _vector;
    private readonly void* _data;
    private readonly ulong* _validity;

    internal DuckDbVector(IntPtr vector, DuckDbType type)
    {
        _vector = vector;
        Type = type;
        _data = ChunkNativeMethods.VectorGetData(vector);
        _validity = ChunkNativeMethods.VectorGetValidity(vector);
    }

    public DuckDbType Type { get; }

    public bool IsNull(int row) => _validity != null && (_validity[row >> 6] & (1UL << (row & 63))) == 0;

    /// <summary>A fixed-width value (numbers, dates as days, timestamps as ticks of their unit, hugeint as Int128).</summary>
    public T Read<T>(int row) where T : unmanaged => ((T*)_data)[row];

    public bool ReadBoolean(int row) => ((byte*)_data)[row] != 0;

    public string ReadString(int row) => Encoding.UTF8.GetString(ReadBytes(row));

    /// <summary>The bytes of a VARCHAR or BLOB value: inlined when at most 12 bytes, else behind a pointer.</summary>
    public ReadOnlySpan<byte> ReadBytes(int row) => StringAt(_data, row);

    /// <summary>Row <paramref name="row"/> of a VARCHAR or BLOB vector's data (an array of 16-byte <c>duckdb_string_t</c>).</summary>
    internal static ReadOnlySpan<byte> StringAt(void* data, int row)
    {
        var entry = (byte*)data + (row * 16);
        var length = Unsafe.ReadUnaligned<uint>(entry);
        if (length <= 12) return new ReadOnlySpan<byte>(entry + 4, (int)length);
        var pointer = Unsafe.ReadUnaligned<IntPtr>(entry + 8);
        return new ReadOnlySpan<byte>((void*)pointer, (int)length);
    }

    /// <summary>The slice of the child vector holding a LIST or MAP row's elements.</summary>
    public (int Offset, int Length) ListEntry(int row)
    {
        var entry = (ulong*)_data + (row * 2);
        return ((int)entry[0], (int)entry[1]);
    }

    /// <summary>Elements of a LIST or MAP (for MAP: STRUCT(key, value) entries).</summary>
    public DuckDbVector ListChild() => new(ChunkNativeMethods.ListVectorGetChild(_vector), Type.Child!);

    /// <summary>Elements of a fixed-size ARRAY, row r's at [r * ArraySize, (r + 1) * ArraySize).</summary>
    public DuckDbVector ArrayChild() => new(ChunkNativeMethods.ArrayVectorGetChild(_vector), Type.Child!);

    public DuckDbVector StructField(int index) => new(ChunkNativeMethods.StructVectorGetChild(_vector, (ulong)index), Type.Fields[index].Type);
}
