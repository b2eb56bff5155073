using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// What Basin's native scalar functions share: registering one on a database, and reading and
/// writing the validity bitmasks of the vectors their callbacks receive.
/// </summary>
internal static unsafe class ScalarFunctions
{
    /// <summary>
    /// Registers <paramref name="name"/>(<paramref name="parameters"/>) → <paramref name="returnType"/>
    /// running <paramref name="execute"/>; <paramref name="configure"/> sets what else the function needs
    /// (a bind callback, extra info, NULL handling) before it is registered.
    /// </summary>
    public static void Register(DuckDbConnection connection, string name, ReadOnlySpan<DuckDbTypeId> parameters, Func<LogicalTypeHandle> returnType,
        delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void> execute, Action<IntPtr>? configure = null)
    {
        var function = ScalarFunctionNativeMethods.CreateScalarFunction();
        try
        {
            ScalarFunctionNativeMethods.SetName(function, name);
            foreach (var parameter in parameters)
            {
                using var type = new LogicalTypeHandle(ScalarFunctionNativeMethods.CreateLogicalType(parameter));
                ScalarFunctionNativeMethods.AddParameter(function, type);
            }

            using (var type = returnType()) ScalarFunctionNativeMethods.SetReturnType(function, type);
            ScalarFunctionNativeMethods.SetFunction(function, execute);
            configure?.Invoke(function);
            if (ScalarFunctionNativeMethods.Register(connection.Handle, function) != DuckDbState.Success)
                throw new DuckDbException($"could not register the scalar function {name}", DuckDbErrorType.Catalog);
        }
        finally
        {
            ScalarFunctionNativeMethods.DestroyScalarFunction(ref function);
        }
    }

    /// <summary>A return type of one of DuckDB's plain types.</summary>
    public static LogicalTypeHandle Type(DuckDbTypeId id) => new(ScalarFunctionNativeMethods.CreateLogicalType(id));

    /// <summary>Whether row <paramref name="row"/> is valid in a bitmask (null: every row is).</summary>
    public static bool IsValid(ulong* validity, int row) => validity is null || (validity[row >> 6] & (1UL << (row & 63))) != 0;

    /// <summary>Marks rows of an output vector NULL, making its bitmask writable on the first one only.</summary>
    public struct NullMarker(IntPtr vector)
    {
        private ulong* _validity;

        public void SetNull(int row)
        {
            if (_validity is null)
            {
                ScalarFunctionNativeMethods.EnsureValidityWritable(vector);
                _validity = ChunkNativeMethods.VectorGetValidity(vector);
            }

            _validity[row >> 6] &= ~(1UL << (row & 63));
        }
    }
}
