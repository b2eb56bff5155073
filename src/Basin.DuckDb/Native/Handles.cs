using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>
/// One SafeHandle per native DuckDB object, so every object is released exactly once even when a
/// query fails half-way or a caller forgets to dispose. DuckDB's destroy functions take a pointer to
/// the handle (they null it), hence the local copy passed by ref.
/// </summary>
internal abstract class DuckDbHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected abstract void Destroy(ref IntPtr native);

    protected override bool ReleaseHandle()
    {
        var native = handle;
        Destroy(ref native);
        return true;
    }
}

internal sealed class DatabaseHandle : DuckDbHandle
{
    public DatabaseHandle()
    {
    }

    public DatabaseHandle(IntPtr existing) => SetHandle(existing);

    protected override void Destroy(ref IntPtr native) => DatabaseNativeMethods.Close(ref native);
}

internal sealed class ConnectionHandle : DuckDbHandle
{
    public ConnectionHandle()
    {
    }

    public ConnectionHandle(IntPtr existing) => SetHandle(existing);

    protected override void Destroy(ref IntPtr native) => DatabaseNativeMethods.Disconnect(ref native);
}

internal sealed class ConfigHandle : DuckDbHandle
{
    public ConfigHandle()
    {
    }

    public ConfigHandle(IntPtr existing) => SetHandle(existing);

    protected override void Destroy(ref IntPtr native) => DatabaseNativeMethods.DestroyConfig(ref native);
}

internal sealed class DataChunkHandle : DuckDbHandle
{
    public DataChunkHandle()
    {
    }

    public DataChunkHandle(IntPtr existing) => SetHandle(existing);

    protected override void Destroy(ref IntPtr native) => ChunkNativeMethods.DestroyDataChunk(ref native);
}

internal sealed class LogicalTypeHandle : DuckDbHandle
{
    public LogicalTypeHandle()
    {
    }

    public LogicalTypeHandle(IntPtr existing) => SetHandle(existing);

    protected override void Destroy(ref IntPtr native) => LogicalTypeNativeMethods.DestroyLogicalType(ref native);
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
