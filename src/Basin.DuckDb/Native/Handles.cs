using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>
/// One SafeHandle per native DuckDB object, so every object is released exactly once even when a
/// query fails half-way or a caller forgets to dispose. DuckDB's destroy functions take a pointer to
/// the handle (they null it), hence the local copy passed by ref.
/// </summary>
internal sealed class DatabaseHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public DatabaseHandle(IntPtr existing) : this() => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var h = handle;
        DatabaseNativeMethods.Close(ref h);
        return true;
    }
}

internal sealed class ConnectionHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public ConnectionHandle(IntPtr existing) : this() => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var h = handle;
        DatabaseNativeMethods.Disconnect(ref h);
        return true;
    }
}

internal sealed class ConfigHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public ConfigHandle(IntPtr existing) : this() => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var h = handle;
        DatabaseNativeMethods.DestroyConfig(ref h);
        return true;
    }
}

internal sealed class DataChunkHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public DataChunkHandle(IntPtr existing) : this() => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var h = handle;
        ChunkNativeMethods.DestroyDataChunk(ref h);
        return true;
    }
}

internal sealed class LogicalTypeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public LogicalTypeHandle(IntPtr existing) : this() => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var h = handle;
        LogicalTypeNativeMethods.DestroyLogicalType(ref h);
        return true;
    }
}

/// <summary>A duckdb_result lives in native memory so its address stays fixed while DuckDB owns its insides.</summary>
internal sealed unsafe class ResultHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public static ResultHandle Allocate()
    {
        var result = new ResultHandle();
        var memory = NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct));
        result.SetHandle((IntPtr)memory);
        return result;
    }

    public DuckDbResultStruct* Pointer => (DuckDbResultStruct*)handle;

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        ResultNativeMethods.DestroyResult(Pointer);
        NativeMemory.Free((void*)handle);
        return true;
    }
}
