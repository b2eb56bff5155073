using Basin.DuckDb;
using Basin.DuckDb.Native;

namespace Basin.Sql.Hive;

/// <summary>
/// Hive/Glue column types ("bigint", "decimal(17,4)", "array&lt;struct&lt;a:int&gt;&gt;") as DuckDB types,
/// and validation of the names Athena DDL accepts.
/// </summary>
public static class HiveTypes
{
    /// <summary>The DuckDB type for a Glue column type; throws NOT_SUPPORTED for a type Athena does not know.</summary>
    public static string ToDuckDb(string hiveType) => ToDuckDb(HiveType.Parse(hiveType));

    public static string ToDuckDb(HiveType type) => type.Name switch
    {
        "string" => "VARCHAR",
        "tinyint" => "TINYINT",
        "smallint" => "SMALLINT",
        "int" => "INTEGER",
        "bigint" => "BIGINT",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "boolean" => "BOOLEAN",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP",
        "binary" => "BLOB",
        "decimal" => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
        "array" => ToDuckDb(type.Children[0].Type) + "[]",
        "map" => $"MAP({ToDuckDb(type.Children[0].Type)}, {ToDuckDb(type.Children[1].Type)})",
        _ => $"STRUCT({string.Join(", ", type.Children.Select(c => SqlText.Identifier(c.Field) + " " + ToDuckDb(c.Type)))})",
    };

    /// <summary>
    /// The Glue column type Athena records for a result column (CTAS, views): Trino's varchar is
    /// Hive's string, integer is int, row is struct. Types Hive cannot store are refused as Athena refuses them.
    /// </summary>
    public static string FromDuckDb(DuckDbType type) => type.Id switch
    {
        DuckDbTypeId.Boolean => "boolean",
        DuckDbTypeId.TinyInt => "tinyint",
        DuckDbTypeId.SmallInt or DuckDbTypeId.UTinyInt => "smallint",
        DuckDbTypeId.Integer or DuckDbTypeId.USmallInt => "int",
        DuckDbTypeId.BigInt or DuckDbTypeId.UInteger => "bigint",
        DuckDbTypeId.UBigInt or DuckDbTypeId.HugeInt or DuckDbTypeId.UHugeInt => "decimal(38,0)",
        DuckDbTypeId.Float => "float",
        DuckDbTypeId.Double => "double",
        DuckDbTypeId.Decimal => $"decimal({type.Width},{type.Scale})",
        DuckDbTypeId.Varchar or DuckDbTypeId.Enum or DuckDbTypeId.Uuid => "string",
        DuckDbTypeId.Blob => "binary",
        DuckDbTypeId.Date => "date",
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs => "timestamp",
        DuckDbTypeId.List or DuckDbTypeId.Array => $"array<{FromDuckDb(type.Child!)}>",
        DuckDbTypeId.Map => $"map<{FromDuckDb(type.Child!.Fields[0].Type)},{FromDuckDb(type.Child.Fields[1].Type)}>",
        DuckDbTypeId.Struct => $"struct<{string.Join(",", type.Fields.Select(f => f.Name + ":" + FromDuckDb(f.Type)))}>",
        _ => throw new SqlException("NOT_SUPPORTED", $"Unsupported Hive type: {Results.TrinoTypes.Name(type)}"),
    };

    public static bool IsValid(string hiveType)
    {
        try
        {
            ToDuckDb(hiveType);
            return true;
        }
        catch (SqlException)
        {
            return false;
        }
    }
}
