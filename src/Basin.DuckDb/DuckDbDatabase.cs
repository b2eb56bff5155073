using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// One DuckDB database (in memory when <c>path</c> is null). Settings are given at open time so
/// that options like <c>enable_external_access</c> and <c>lock_configuration</c> hold from the
/// first query on. Connections made from it share its catalog, buffer pool and threads.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle _handle;

    private DuckDbDatabase(DatabaseHandle handle) => _handle = handle;

    public static DuckDbDatabase Open(string? path, IReadOnlyDictionary<string, string>? settings = null)
    {
        DuckDbLibrary.EnsureResolver();
        if (DatabaseNativeMethods.CreateConfig(out var rawConfig) != DuckDbState.Success)
            throw new DuckDbException("DuckDB could not create a configuration.", DuckDbErrorType.Fatal);
        using var config = new ConfigHandle(rawConfig);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            if (DatabaseNativeMethods.SetConfig(config, name, value) != DuckDbState.Success)
                throw new DuckDbException($"DuckDB rejected the setting {name}={value}.", DuckDbErrorType.Settings);
        }

        if (DatabaseNativeMethods.OpenExt(path, out var database, config, out var error) != DuckDbState.Success)
        {
            var message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
            DatabaseNativeMethods.Free(error);
            throw new DuckDbException("DuckDB could not open the database: " + message, DuckDbErrorType.IO);
        }

        return new DuckDbDatabase(new DatabaseHandle(database));
    }

    public DuckDbConnection Connect()
    {
        if (DatabaseNativeMethods.Connect(_handle, out var connection) != DuckDbState.Success)
            throw new DuckDbException("DuckDB could not open a connection.", DuckDbErrorType.Connection);
        return new DuckDbConnection(new ConnectionHandle(connection));
    }

    public void Dispose() => _handle.Dispose();
}
