using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>A column of a result: its name as DuckDB labels it and its logical type.</summary>
public sealed record DuckDbColumn(string Name, DuckDbType Type);

/// <summary>A query's result, read chunk by chunk (up to 2,048 rows each) with <see cref="FetchChunk"/>.</summary>
public sealed unsafe class DuckDbResult : IDisposable
{
    private readonly ResultHandle _handle;

    internal DuckDbResult(ResultHandle handle)
    {
        _handle = handle;
        var count = (int)ResultNativeMethods.ColumnCount(handle.Pointer);
        var columns = new DuckDbColumn[count];
        for (var i = 0; i < count; i++)
        {
            var name = Marshal.PtrToStringUTF8(ResultNativeMethods.ColumnName(handle.Pointer, (ulong)i)) ?? "";
            columns[i] = new DuckDbColumn(name, DuckDbType.From(ResultNativeMethods.ColumnLogicalType(handle.Pointer, (ulong)i)));
        }

        Columns = columns;
    }

    public IReadOnlyList<DuckDbColumn> Columns { get; }

    public long RowsChanged => (long)ResultNativeMethods.RowsChanged(_handle.Pointer);

    /// <summary>The next chunk of rows, or null when the result is exhausted.</summary>
    public DuckDbChunk? FetchChunk()
    {
        var chunk = ResultNativeMethods.FetchChunk(*_handle.Pointer);
        if (chunk == IntPtr.Zero) return null;
        var handle = new DataChunkHandle(chunk);
        if (ChunkNativeMethods.DataChunkGetSize(handle) == 0)
        {
            handle.Dispose();
            return null;
        }

        return new DuckDbChunk(handle, Columns);
    }

    public void Dispose() => _handle.Dispose();
}
