using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>duckdb.h: open/close, connections, configuration, interruption.</summary>
internal static unsafe partial class DatabaseNativeMethods
{
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState OpenExt(string? path, out IntPtr database, ConfigHandle config, out IntPtr error);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_close")]
    internal static partial void Close(ref IntPtr database);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_connect")]
    internal static partial DuckDbState Connect(DatabaseHandle database, out IntPtr connection);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_disconnect")]
    internal static partial void Disconnect(ref IntPtr connection);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_interrupt")]
    internal static partial void Interrupt(ConnectionHandle connection);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_create_config")]
    internal static partial DuckDbState CreateConfig(out IntPtr config);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState SetConfig(ConfigHandle config, string name, string option);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_config")]
    internal static partial void DestroyConfig(ref IntPtr config);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_free")]
    internal static partial void Free(IntPtr pointer);
}

internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}
