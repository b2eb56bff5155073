using Basin.DuckDb;
using Basin.DuckDb.Native;
using Basin.Sql.Hive;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// Which query column types INSERT INTO accepts for a table column, as Trino's implicit
/// coercions allow: numbers only widen (integer into bigint, bigint into double), text into
/// text, and otherwise the same kind; NULL fits anything.
/// </summary>
public static class InsertCoercion
{
    public static bool Allowed(DuckDbType source, string hiveTarget)
    {
        if (source.Id == DuckDbTypeId.SqlNull) return true;
        var target = HiveTypes.ToDuckDb(hiveTarget);
        var sourceRank = NumericRank(source.Id);
        var targetRank = NumericRank(TargetId(target));
        if (sourceRank > 0 || targetRank > 0) return sourceRank > 0 && targetRank > 0 && sourceRank <= targetRank;
        return Kind(source.Id) == Kind(TargetId(target));
    }

    /// <summary>A Glue type as Trino names it in the mismatch message (string is varchar, int is integer).</summary>
    public static string TrinoName(string hiveType) => hiveType.ToLowerInvariant() switch
    {
        "string" => "varchar",
        "int" => "integer",
        "float" => "real",
        var t when t.StartsWith("struct<", StringComparison.Ordinal) => "row" + t[6..].Replace('<', '(').Replace('>', ')'),
        var t => t.Replace('<', '(').Replace('>', ')'),
    };

    private static DuckDbTypeId TargetId(string duckDbType) => duckDbType switch
    {
        "VARCHAR" => DuckDbTypeId.Varchar,
        "TINYINT" => DuckDbTypeId.TinyInt,
        "SMALLINT" => DuckDbTypeId.SmallInt,
        "INTEGER" => DuckDbTypeId.Integer,
        "BIGINT" => DuckDbTypeId.BigInt,
        "FLOAT" => DuckDbTypeId.Float,
        "DOUBLE" => DuckDbTypeId.Double,
        "BOOLEAN" => DuckDbTypeId.Boolean,
        "DATE" => DuckDbTypeId.Date,
        "TIMESTAMP" => DuckDbTypeId.Timestamp,
        "BLOB" => DuckDbTypeId.Blob,
        var t when t.StartsWith("DECIMAL", StringComparison.Ordinal) => DuckDbTypeId.Decimal,
        var t when t.EndsWith("[]", StringComparison.Ordinal) => DuckDbTypeId.List,
        var t when t.StartsWith("MAP", StringComparison.Ordinal) => DuckDbTypeId.Map,
        var t when t.StartsWith("STRUCT", StringComparison.Ordinal) => DuckDbTypeId.Struct,
        _ => DuckDbTypeId.Invalid,
    };

    private static int NumericRank(DuckDbTypeId id) => id switch
    {
        DuckDbTypeId.TinyInt => 1,
        DuckDbTypeId.SmallInt or DuckDbTypeId.UTinyInt => 2,
        DuckDbTypeId.Integer or DuckDbTypeId.USmallInt => 3,
        DuckDbTypeId.BigInt or DuckDbTypeId.UInteger => 4,
        DuckDbTypeId.Decimal or DuckDbTypeId.HugeInt or DuckDbTypeId.UBigInt => 5,
        DuckDbTypeId.Float => 6,
        DuckDbTypeId.Double => 7,
        _ => 0,
    };

    private static string Kind(DuckDbTypeId id) => id switch
    {
        DuckDbTypeId.Varchar or DuckDbTypeId.Enum or DuckDbTypeId.Uuid => "text",
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs => "timestamp",
        DuckDbTypeId.List or DuckDbTypeId.Array => "array",
        _ => id.ToString(),
    };
}
