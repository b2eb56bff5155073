using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>duckdb.h: logical types, walked to describe a result column.</summary>
internal static partial class LogicalTypeNativeMethods
{
    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_get_type_id")]
    internal static partial DuckDbTypeId GetTypeId(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_destroy_logical_type")]
    internal static partial void DestroyLogicalType(ref IntPtr type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_decimal_width")]
    internal static partial byte DecimalWidth(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_decimal_scale")]
    internal static partial byte DecimalScale(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_decimal_internal_type")]
    internal static partial DuckDbTypeId DecimalInternalType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_enum_internal_type")]
    internal static partial DuckDbTypeId EnumInternalType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_enum_dictionary_size")]
    internal static partial uint EnumDictionarySize(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_enum_dictionary_value")]
    internal static partial IntPtr EnumDictionaryValue(LogicalTypeHandle type, ulong index);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_list_type_child_type")]
    internal static partial IntPtr ListTypeChildType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_array_type_child_type")]
    internal static partial IntPtr ArrayTypeChildType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_array_type_array_size")]
    internal static partial ulong ArrayTypeArraySize(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_map_type_key_type")]
    internal static partial IntPtr MapTypeKeyType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_map_type_value_type")]
    internal static partial IntPtr MapTypeValueType(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_struct_type_child_count")]
    internal static partial ulong StructTypeChildCount(LogicalTypeHandle type);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_struct_type_child_name")]
    internal static partial IntPtr StructTypeChildName(LogicalTypeHandle type, ulong index);

    [LibraryImport(DuckDbLibrary.Name, EntryPoint = "duckdb_struct_type_child_type")]
    internal static partial IntPtr StructTypeChildType(LogicalTypeHandle type, ulong index);
}
