using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>duckdb.h: data chunks and the vectors inside them.</summary>
internal static unsafe partial class ChunkNativeMethods
{
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_data_chunk")]
    internal static partial void DestroyDataChunk(ref IntPtr chunk);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_data_chunk_get_size")]
    internal static partial ulong DataChunkGetSize(DataChunkHandle chunk);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_data_chunk_get_vector")]
    internal static partial IntPtr DataChunkGetVector(DataChunkHandle chunk, ulong column);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_vector_get_data")]
    internal static partial void* VectorGetData(IntPtr vector);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_vector_get_validity")]
    internal static partial ulong* VectorGetValidity(IntPtr vector);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_list_vector_get_child")]
    internal static partial IntPtr ListVectorGetChild(IntPtr vector);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_array_vector_get_child")]
    internal static partial IntPtr ArrayVectorGetChild(IntPtr vector);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_struct_vector_get_child")]
    internal static partial IntPtr StructVectorGetChild(IntPtr vector, ulong index);
}
