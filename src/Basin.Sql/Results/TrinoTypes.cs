using Basin.DuckDb;
using Basin.DuckDb.Native;

namespace Basin.Sql.Results;

/// <summary>
/// A result column's type as Athena (Trino) names it in GetQueryResults' ColumnInfo and in the
/// result metadata: "varchar", "bigint", "decimal(17,4)", "array(integer)", "row(a integer)".
/// </summary>
public static class TrinoTypes
{
    public static string Name(DuckDbType type) => type.Id switch
    {
        DuckDbTypeId.Boolean => "boolean",
        DuckDbTypeId.TinyInt => "tinyint",
        DuckDbTypeId.SmallInt or DuckDbTypeId.UTinyInt => "smallint",
        DuckDbTypeId.Integer or DuckDbTypeId.USmallInt => "integer",
        DuckDbTypeId.BigInt or DuckDbTypeId.UInteger => "bigint",
        DuckDbTypeId.UBigInt or DuckDbTypeId.HugeInt or DuckDbTypeId.UHugeInt or DuckDbTypeId.BigNum => "decimal(38,0)",
        DuckDbTypeId.Float => "real",
        DuckDbTypeId.Double => "double",
        DuckDbTypeId.Decimal => $"decimal({type.Width},{type.Scale})",
        DuckDbTypeId.Varchar or DuckDbTypeId.Enum or DuckDbTypeId.Uuid or DuckDbTypeId.Bit => type.Id == DuckDbTypeId.Uuid ? "uuid" : "varchar",
        DuckDbTypeId.Blob => "varbinary",
        DuckDbTypeId.Date => "date",
        DuckDbTypeId.Time or DuckDbTypeId.TimeTz => "time",
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs => "timestamp",
        DuckDbTypeId.TimestampTz => "timestamp with time zone",
        DuckDbTypeId.Interval => "interval day to second",
        DuckDbTypeId.List or DuckDbTypeId.Array => $"array({Name(type.Child!)})",
        DuckDbTypeId.Map => $"map({Name(type.Child!.Fields[0].Type)}, {Name(type.Child.Fields[1].Type)})",
        DuckDbTypeId.Struct => $"row({string.Join(", ", type.Fields.Select(f => f.Name + " " + Name(f.Type)))})",
        DuckDbTypeId.SqlNull => "unknown",
        _ => "varchar",
    };

    /// <summary>The base name Athena puts in ColumnInfo.Type (parameters go to Precision and Scale).</summary>
    public static string BaseName(DuckDbType type)
    {
        var name = Name(type);
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        var baseName = paren < 0 ? name : name[..paren];
        return baseName switch { "real" => "float", _ => baseName };
    }

    /// <summary>ColumnInfo.Precision as Athena reports it (a varchar's is its maximum length).</summary>
    public static int Precision(DuckDbType type) => type.Id switch
    {
        DuckDbTypeId.Decimal => type.Width,
        DuckDbTypeId.TinyInt => 3,
        DuckDbTypeId.SmallInt or DuckDbTypeId.UTinyInt => 5,
        DuckDbTypeId.Integer or DuckDbTypeId.USmallInt => 10,
        DuckDbTypeId.BigInt or DuckDbTypeId.UInteger => 19,
        DuckDbTypeId.Float => 17,
        DuckDbTypeId.Double => 17,
        DuckDbTypeId.UBigInt or DuckDbTypeId.HugeInt or DuckDbTypeId.UHugeInt => 38,
        DuckDbTypeId.Varchar or DuckDbTypeId.Enum or DuckDbTypeId.Blob => int.MaxValue,
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs or DuckDbTypeId.TimestampTz => 3,
        _ => 0,
    };

    public static int Scale(DuckDbType type) => type.Id == DuckDbTypeId.Decimal ? type.Scale : 0;
}
