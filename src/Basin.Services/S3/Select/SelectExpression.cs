using System.Text.Json.Nodes;
using Basin.Aws.Protocol;
using Basin.Sql;

namespace Basin.Services.S3.Select;

/// <summary>
/// Checks an S3 Select expression before it runs: one SELECT whose only table is S3Object (any
/// alias), and no table functions, so it can read nothing but the one object it names. Returns
/// the SQL to run, in which result columns that are not plain column references are named by
/// position (_1, _2, ...), as S3 Select names them.
/// </summary>
public static class SelectExpression
{
    public const int MaxLength = 256 * 1024;

    public static string Prepare(SqlSession session, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) throw new AwsServiceException("MissingRequiredParameter", "The SelectRequest entity is missing a required parameter. Check the service documentation and try again.");
        if (expression.Length > MaxLength) throw new AwsServiceException("ExpressionTooLong", "The SQL expression is too long: The maximum byte-length for the SQL expression is 256 KB.");
        JsonObject tree;
        try
        {
            tree = session.Parse(expression);
        }
        catch (SqlException e)
        {
            throw Unsupported(e.Message);
        }

        if (tree["statements"] is not JsonArray { Count: 1 } statements || statements[0]?["node"]?["type"]?.GetValue<string>() != "SELECT_NODE")
        {
            throw Unsupported("S3 Select runs one SELECT statement.");
        }

        var select = statements[0]!["node"]!.AsObject();
        Walk(select);
        if (select["select_list"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject item && item["alias"]?.GetValue<string>() is null or "" && item["class"]?.GetValue<string>() is not ("COLUMN_REF" or "STAR"))
                {
                    item["alias"] = "_" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return session.Render(tree);
    }

    /// <summary>S3's generic answer to SQL it cannot run (the detail follows its fixed sentence).</summary>
    public static AwsServiceException Unsupported(string detail) => new("UnsupportedSyntax", "We encountered syntax that is not valid. " + detail);

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) Walk(item);
                break;
            case JsonObject obj:
                var type = obj["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
                if (type == "TABLE_FUNCTION") throw Unsupported("Table functions are not supported.");
                if (type == "BASE_TABLE" && (obj["catalog_name"]?.GetValue<string>() is { Length: > 0 } || obj["schema_name"]?.GetValue<string>() is { Length: > 0 }
                    || !string.Equals(obj["table_name"]?.GetValue<string>(), "s3object", StringComparison.OrdinalIgnoreCase)))
                {
                    throw Unsupported("The only table an S3 Select expression reads is S3Object.");
                }

                foreach (var (_, value) in obj) Walk(value);
                break;
        }
    }
}
