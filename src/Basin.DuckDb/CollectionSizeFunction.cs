using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A scalar function giving the number of elements of a LIST or entries of a MAP, whichever it is
/// given. SQL macros cannot do this: DuckDB binds every branch of an expression, and its len()
/// rejects maps while cardinality() rejects lists. Both types hold a list entry (offset, length)
/// per row, so one native loop serves both; any other argument type fails when the query binds.
/// </summary>
public static unsafe class CollectionSizeFunction
{
    /// <summary>
    /// Registers the function as <paramref name="name"/>(collection) → BIGINT on the connection's
    /// database; a query passing anything else fails to bind with <paramref name="wrongTypeMessage"/>.
    /// </summary>
    public static void Register(DuckDbConnection connection, string name, string wrongTypeMessage) =>
        ScalarFunctions.Register(connection, name, [DuckDbTypeId.Any], () => ScalarFunctions.Type(DuckDbTypeId.BigInt), &Execute, function =>
        {
            ScalarFunctionNativeMethods.SetSpecialHandling(function);
            ScalarFunctionNativeMethods.SetBind(function, &Bind);
            ScalarFunctionNativeMethods.SetExtraInfo(function, GCHandle.ToIntPtr(GCHandle.Alloc(wrongTypeMessage)), &FreeExtraInfo);
        });

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeExtraInfo(IntPtr extraInfo) => GCHandle.FromIntPtr(extraInfo).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(IntPtr info)
    {
        var argument = ScalarFunctionNativeMethods.BindGetArgument(info, 0);
        DuckDbTypeId id;
        using (var type = new LogicalTypeHandle(ScalarFunctionNativeMethods.ExpressionReturnType(argument)))
            id = LogicalTypeNativeMethods.GetTypeId(type);
        ScalarFunctionNativeMethods.DestroyExpression(ref argument);
        if (id is not (DuckDbTypeId.List or DuckDbTypeId.Map or DuckDbTypeId.SqlNull))
            ScalarFunctionNativeMethods.BindSetError(info, (string)GCHandle.FromIntPtr(ScalarFunctionNativeMethods.BindGetExtraInfo(info)).Target!);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Execute(IntPtr info, IntPtr input, IntPtr output)
    {
        var rows = (int)ScalarFunctionNativeMethods.ChunkSize(input);
        var vector = ScalarFunctionNativeMethods.ChunkVector(input, 0);
        var entries = (DuckDbListEntry*)ChunkNativeMethods.VectorGetData(vector);
        var validity = ChunkNativeMethods.VectorGetValidity(vector);
        var sizes = (long*)ChunkNativeMethods.VectorGetData(output);
        var nulls = new ScalarFunctions.NullMarker(output);
        for (var row = 0; row < rows; row++)
        {
            if (ScalarFunctions.IsValid(validity, row)) sizes[row] = (long)entries[row].Length;
            else nulls.SetNull(row);
        }
    }
}
