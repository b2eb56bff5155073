using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A DuckDB connection: one query at a time (DuckDB connections are not re-entrant), while
/// <see cref="Interrupt"/> may be called from any thread to stop the running query.
/// Temporary views live per connection, which is what isolates one query's table bindings from another's.
/// </summary>
public sealed unsafe class DuckDbConnection : IDisposable
{
    private readonly ConnectionHandle _handle;

    internal DuckDbConnection(ConnectionHandle handle) => _handle = handle;

    internal ConnectionHandle Handle => _handle;

    /// <summary>Runs <paramref name="sql"/> (one or more statements; the last one's result is returned).</summary>
    public DuckDbResult Query(string sql)
    {
        var result = ResultHandle.Allocate();
        try
        {
            if (ResultNativeMethods.Query(_handle, sql, result.Pointer) != DuckDbState.Success)
            {
                var message = Marshal.PtrToStringUTF8(ResultNativeMethods.ResultError(result.Pointer)) ?? "unknown error";
                throw new DuckDbException(message, ResultNativeMethods.ResultErrorType(result.Pointer));
            }

            return new DuckDbResult(result);
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Runs statements whose result is not needed; returns the rows the last one changed.</summary>
    public long Execute(string sql)
    {
        using var result = Query(sql);
        return result.RowsChanged;
    }

    /// <summary>Asks the running query to stop; it then fails with <see cref="DuckDbErrorType.Interrupt"/>.</summary>
    public void Interrupt() => DatabaseNativeMethods.Interrupt(_handle);

    public void Dispose() => _handle.Dispose();
}
