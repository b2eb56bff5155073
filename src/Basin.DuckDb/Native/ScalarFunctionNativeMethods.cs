using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>
/// duckdb.h: scalar functions written in C#. Their callbacks run on DuckDB's worker threads with
/// raw pointers (function info, data chunk, vectors) they do not own, so those take IntPtr rather than SafeHandles.
/// </summary>
internal static unsafe partial class ScalarFunctionNativeMethods
{
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_create_scalar_function")]
    internal static partial IntPtr CreateScalarFunction();

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_scalar_function")]
    internal static partial void DestroyScalarFunction(ref IntPtr function);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_name", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void SetName(IntPtr function, string name);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_add_parameter")]
    internal static partial void AddParameter(IntPtr function, LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_return_type")]
    internal static partial void SetReturnType(IntPtr function, LogicalTypeHandle type);

    /// <summary>The function handles NULL inputs itself (DuckDB otherwise folds a NULL argument to a NULL result).</summary>
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_special_handling")]
    internal static partial void SetSpecialHandling(IntPtr function);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_function")]
    internal static partial void SetFunction(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void> callback);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_bind")]
    internal static partial void SetBind(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, void> callback);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_extra_info")]
    internal static partial void SetExtraInfo(IntPtr function, IntPtr extraInfo, delegate* unmanaged[Cdecl]<IntPtr, void> destroy);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_register_scalar_function")]
    internal static partial DuckDbState Register(ConnectionHandle connection, IntPtr function);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_create_logical_type")]
    internal static partial IntPtr CreateLogicalType(DuckDbTypeId type);

    // Bind time: the argument expressions and their types.
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_bind_get_argument")]
    internal static partial IntPtr BindGetArgument(IntPtr bindInfo, ulong index);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_bind_get_extra_info")]
    internal static partial IntPtr BindGetExtraInfo(IntPtr bindInfo);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_expression_return_type")]
    internal static partial IntPtr ExpressionReturnType(IntPtr expression);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_expression")]
    internal static partial void DestroyExpression(ref IntPtr expression);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_bind_set_error", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void BindSetError(IntPtr bindInfo, string message);

    // Run time: the input chunk (its vectors are read through ChunkNativeMethods) and the output vector.
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_data_chunk_get_size")]
    internal static partial ulong ChunkSize(IntPtr chunk);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_data_chunk_get_vector")]
    internal static partial IntPtr ChunkVector(IntPtr chunk, ulong column);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    internal static partial void EnsureValidityWritable(IntPtr vector);

    /// <summary>Fails the running query with <paramref name="message"/> (the rows of this chunk are discarded).</summary>
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_scalar_function_set_error", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void SetError(IntPtr info, string message);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_create_list_type")]
    internal static partial IntPtr CreateListType(LogicalTypeHandle child);

    // Writing a LIST result: grow its child vector, copy strings into it, then record each row's slice.
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_list_vector_get_size")]
    internal static partial ulong ListVectorGetSize(IntPtr vector);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_list_vector_set_size")]
    internal static partial DuckDbState ListVectorSetSize(IntPtr vector, ulong size);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_list_vector_reserve")]
    internal static partial DuckDbState ListVectorReserve(IntPtr vector, ulong capacity);

    /// <summary>Copies <paramref name="length"/> UTF-8 bytes into the vector's own string storage at <paramref name="index"/>.</summary>
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_vector_assign_string_element_len")]
    internal static partial void AssignStringElement(IntPtr vector, ulong index, byte* text, ulong length);
}

/// <summary>duckdb_list_entry: where one row's elements sit in a LIST (or MAP) vector's child.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbListEntry
{
    public ulong Offset;
    public ulong Length;
}
