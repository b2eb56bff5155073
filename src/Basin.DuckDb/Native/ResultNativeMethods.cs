using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>duckdb.h: running a query and reading its result's shape and errors.</summary>
internal static unsafe partial class ResultNativeMethods
{
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_query", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState Query(ConnectionHandle connection, string query, DuckDbResultStruct* result);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_result")]
    internal static partial void DestroyResult(DuckDbResultStruct* result);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_column_count")]
    internal static partial ulong ColumnCount(DuckDbResultStruct* result);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_column_name")]
    internal static partial IntPtr ColumnName(DuckDbResultStruct* result, ulong column);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_column_logical_type")]
    internal static partial IntPtr ColumnLogicalType(DuckDbResultStruct* result, ulong column);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_rows_changed")]
    internal static partial ulong RowsChanged(DuckDbResultStruct* result);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_result_error")]
    internal static partial IntPtr ResultError(DuckDbResultStruct* result);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_result_error_type")]
    internal static partial DuckDbErrorType ResultErrorType(DuckDbResultStruct* result);

    /// <summary>Takes the result struct by value, as the C API does.</summary>
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_fetch_chunk")]
    internal static partial IntPtr FetchChunk(DuckDbResultStruct result);
}

/// <summary>duckdb_result: the C API's result record (its fields are internal to DuckDB).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResultStruct
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public IntPtr DeprecatedColumns;
    public IntPtr DeprecatedErrorMessage;
    public IntPtr InternalData;
}
