using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Sql;

namespace Basin.Services.Athena;

/// <summary>
/// Athena views as Glue stores them, so Glue, Athena and other engines see the same object: a
/// VIRTUAL_VIEW table whose ViewOriginalText is "/* Presto View: base64(JSON) */", the JSON
/// holding the original SQL, its catalog and schema, and the column names with Trino types.
/// </summary>
public static class AthenaViews
{
    public const string TableType = "VIRTUAL_VIEW";
    private const string Prefix = "/* Presto View: ";
    private const string Suffix = " */";

    public sealed record ViewColumn(string Name, string TrinoType, string HiveType);

    public static TableInput Input(string name, string sql, string schema, IReadOnlyList<ViewColumn> columns, string owner)
    {
        var definition = new JsonObject
        {
            ["originalSql"] = sql,
            ["catalog"] = GlueTableBinder.CatalogName,
            ["schema"] = schema,
            ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.TrinoType })]),
            ["owner"] = owner,
            ["runAsInvoker"] = false,
        };
        return new TableInput
        {
            Name = name,
            TableType = TableType,
            Owner = owner,
            Parameters = new() { ["presto_view"] = "true", ["comment"] = "Presto View" },
            ViewOriginalText = Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(definition.ToJsonString())) + Suffix,
            ViewExpandedText = "/* Presto View */",
            PartitionKeys = [],
            StorageDescriptor = new StorageDescriptor
            {
                Columns = [.. columns.Select(c => new Column { Name = c.Name, Type = c.HiveType })],
                SerdeInfo = new SerDeInfo(),
                Location = "",
                Compressed = false,
                NumberOfBuckets = 0,
                Parameters = [],
                BucketColumns = [],
                SortColumns = [],
                StoredAsSubDirectories = false,
            },
        };
    }

    /// <summary>The SQL a stored view stands for; a view Basin cannot read is stale, as Athena calls it.</summary>
    public static string Sql(Table view, string qualifiedName)
    {
        var text = view.ViewOriginalText ?? "";
        if (text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            try
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(text[Prefix.Length..^Suffix.Length].Trim()));
                if (JsonNode.Parse(json)?["originalSql"]?.GetValue<string>() is { } sql) return sql;
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
            {
                // falls through to the stale-view error
            }
        }

        throw new SqlException("VIEW_IS_STALE", $"View '{qualifiedName}' is stale or in invalid state: its definition is not an Athena (Presto) view");
    }
}
