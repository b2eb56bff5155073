using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A column's logical type, copied out of DuckDB into a managed tree (the native logical type is
/// released right away): decimal width/scale, list/array element, map key/value, struct fields, enum values.
/// </summary>
public sealed record DuckDbType(DuckDbTypeId Id)
{
    public byte Width { get; init; }
    public byte Scale { get; init; }

    /// <summary>For DECIMAL, the integer type holding the unscaled value; for ENUM, the index type.</summary>
    public DuckDbTypeId Storage { get; init; }

    /// <summary>Element type of LIST and ARRAY; for MAP, the STRUCT(key, value) of its entries.</summary>
    public DuckDbType? Child { get; init; }

    public ulong ArraySize { get; init; }
    public IReadOnlyList<(string Name, DuckDbType Type)> Fields { get; init; } = [];
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    internal static DuckDbType From(IntPtr raw)
    {
        using var handle = new LogicalTypeHandle(raw);
        return From(handle);
    }

    private static DuckDbType From(LogicalTypeHandle type)
    {
        var id = LogicalTypeNativeMethods.GetTypeId(type);
        switch (id)
        {
            case DuckDbTypeId.Decimal:
                return new DuckDbType(id)
                {
                    Width = LogicalTypeNativeMethods.DecimalWidth(type),
                    Scale = LogicalTypeNativeMethods.DecimalScale(type),
                    Storage = LogicalTypeNativeMethods.DecimalInternalType(type),
                };
            case DuckDbTypeId.Enum:
                var values = new string[LogicalTypeNativeMethods.EnumDictionarySize(type)];
                for (var i = 0; i < values.Length; i++) values[i] = TakeString(LogicalTypeNativeMethods.EnumDictionaryValue(type, (ulong)i));
                return new DuckDbType(id) { Storage = LogicalTypeNativeMethods.EnumInternalType(type), EnumValues = values };
            case DuckDbTypeId.List:
                return new DuckDbType(id) { Child = From(LogicalTypeNativeMethods.ListTypeChildType(type)) };
            case DuckDbTypeId.Array:
                return new DuckDbType(id)
                {
                    Child = From(LogicalTypeNativeMethods.ArrayTypeChildType(type)),
                    ArraySize = LogicalTypeNativeMethods.ArrayTypeArraySize(type),
                };
            case DuckDbTypeId.Map:
                // A MAP vector is a LIST of STRUCT(key, value); describing it that way lets readers walk it as one.
                var entry = new DuckDbType(DuckDbTypeId.Struct)
                {
                    Fields = [("key", From(LogicalTypeNativeMethods.MapTypeKeyType(type))), ("value", From(LogicalTypeNativeMethods.MapTypeValueType(type)))],
                };
                return new DuckDbType(id) { Child = entry };
            case DuckDbTypeId.Struct:
            case DuckDbTypeId.Union:
                var count = (int)LogicalTypeNativeMethods.StructTypeChildCount(type);
                var fields = new (string, DuckDbType)[count];
                for (var i = 0; i < count; i++)
                {
                    fields[i] = (TakeString(LogicalTypeNativeMethods.StructTypeChildName(type, (ulong)i)),
                        From(LogicalTypeNativeMethods.StructTypeChildType(type, (ulong)i)));
                }

                return new DuckDbType(id) { Fields = fields };
            default:
                return new DuckDbType(id);
        }
    }

    /// <summary>Copies a string DuckDB allocated for the caller and frees it.</summary>
    private static string TakeString(IntPtr value)
    {
        try
        {
            return Marshal.PtrToStringUTF8(value) ?? "";
        }
        finally
        {
            DatabaseNativeMethods.Free(value);
        }
    }
}
