using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>A chunk of result rows; its vectors are valid until the chunk is disposed.</summary>
public sealed class DuckDbChunk : IDisposable
{
    private readonly DataChunkHandle _handle;
    private readonly IReadOnlyList<DuckDbColumn> _columns;

    internal DuckDbChunk(DataChunkHandle handle, IReadOnlyList<DuckDbColumn> columns)
    {
        _handle = handle;
        _columns = columns;
        RowCount = (int)ChunkNativeMethods.DataChunkGetSize(handle);
    }

    public int RowCount { get; }

    public DuckDbVector Column(int index) =>
        new(ChunkNativeMethods.DataChunkGetVector(_handle, (ulong)index), _columns[index].Type);

    public void Dispose() => _handle.Dispose();
}
