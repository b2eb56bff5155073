using System.Text;
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
    public static string ToDuckDb(string hiveType)
    {
        var position = 0;
        var result = Parse(hiveType.Trim(), ref position);
        if (position != hiveType.Trim().Length) throw Unknown(hiveType);
        return result;
    }

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

    private static string Parse(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        var name = s[start..i].ToLowerInvariant();
        switch (name)
        {
            case "string": return "VARCHAR";
            case "varchar":
            case "char":
                SkipParameters(s, ref i);
                return "VARCHAR";
            case "tinyint": return "TINYINT";
            case "smallint": return "SMALLINT";
            case "int":
            case "integer": return "INTEGER";
            case "bigint": return "BIGINT";
            case "float":
            case "real": return "FLOAT";
            case "double": return "DOUBLE";
            case "boolean": return "BOOLEAN";
            case "date": return "DATE";
            case "timestamp": return "TIMESTAMP";
            case "binary":
            case "varbinary": return "BLOB";
            case "decimal":
                var parameters = SkipParameters(s, ref i);
                return parameters.Length == 0 ? "DECIMAL(10,0)" : $"DECIMAL({parameters})";
            case "array":
                Expect(s, ref i, '<');
                var element = Parse(s, ref i);
                Expect(s, ref i, '>');
                return element + "[]";
            case "map":
                Expect(s, ref i, '<');
                var key = Parse(s, ref i);
                Expect(s, ref i, ',');
                var value = Parse(s, ref i);
                Expect(s, ref i, '>');
                return $"MAP({key}, {value})";
            case "struct":
                Expect(s, ref i, '<');
                var fields = new StringBuilder("STRUCT(");
                var first = true;
                while (true)
                {
                    SkipSpaces(s, ref i);
                    var fieldStart = i;
                    while (i < s.Length && s[i] != ':') i++;
                    var field = s[fieldStart..i].Trim().Trim('`');
                    Expect(s, ref i, ':');
                    if (!first) fields.Append(", ");
                    fields.Append(SqlText.Identifier(field)).Append(' ').Append(Parse(s, ref i));
                    first = false;
                    SkipSpaces(s, ref i);
                    if (i < s.Length && s[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    Expect(s, ref i, '>');
                    return fields.Append(')').ToString();
                }

            default:
                throw Unknown(s);
        }
    }

    private static string SkipParameters(string s, ref int i)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != '(') return "";
        var close = s.IndexOf(')', i);
        if (close < 0) throw Unknown(s);
        var parameters = s[(i + 1)..close].Replace(" ", "", StringComparison.Ordinal);
        i = close + 1;
        return parameters;
    }

    private static void Expect(string s, ref int i, char c)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != c) throw Unknown(s);
        i++;
        SkipSpaces(s, ref i);
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }

    private static SqlException Unknown(string type) => new("NOT_SUPPORTED", $"Unknown type: {type}");
}
