using System.Collections.Immutable;
using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>A table named in a query, as written (catalog and schema empty when not written).</summary>
public sealed record TableReference(string Catalog, string Schema, string Table, int Offset);

/// <summary>
/// What a catalog table reads: a SELECT over its objects (DuckDB SQL, Basin-generated), the name
/// errors use, and the bytes of the objects it covers (Athena's DataScannedInBytes).
/// </summary>
public sealed record BoundTable(string QualifiedName, string RelationSql, long ScannedBytes);

/// <summary>Resolves table names to the lake (the Glue catalog for Athena); throws a SqlException when there is no such table.</summary>
public interface ITableBinder
{
    BoundTable Bind(TableReference reference, string sql);
}

/// <summary>
/// Rewrites a parsed Trino query into one DuckDB runs with Athena's meaning: every catalog table
/// becomes a per-query view over its lake objects (and nothing else is readable: table functions
/// other than UNNEST are refused), Trino functions are translated, and unnamed result columns get
/// Trino's names (_col0, _col1, ...).
/// </summary>
public sealed class QueryRewriter(string sql, ITableBinder binder)
{
    private readonly Dictionary<string, (string View, BoundTable Table)> _bound = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The views the rewritten query reads, to be created on its session before it runs.</summary>
    public IEnumerable<(string View, BoundTable Table)> Views => _bound.Values;

    public long ScannedBytes => _bound.Values.Sum(b => b.Table.ScannedBytes);

    /// <summary>Rewrites the single statement of <paramref name="tree"/> (json_serialize_sql output) in place.</summary>
    public JsonObject Rewrite(JsonObject tree)
    {
        var statements = tree["statements"]!.AsArray();
        if (statements.Count != 1)
            throw new SqlException("SYNTAX_ERROR", "Only one sql statement is allowed. Got: " + statements.Count);
        var node = statements[0]!["node"]!.AsObject();
        Visit(node, []);
        return tree;
    }

    private void Visit(JsonNode? node, ImmutableHashSet<string> ctes)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.ToArray()) Visit(item, ctes);
                break;
            case JsonObject obj:
                if (obj["cte_map"]?["map"] is JsonArray map && map.Count > 0)
                    ctes = ctes.Union(map.Select(entry => entry!["key"]!.GetValue<string>().ToLowerInvariant()));

                switch (Type(obj))
                {
                    case "BASE_TABLE":
                        BindTable(obj, ctes);
                        return;
                    case "TABLE_FUNCTION":
                        var function = obj["function"] as JsonObject;
                        var name = function is null ? "" : Text(function, "function_name");
                        if (!name.Equals("unnest", StringComparison.OrdinalIgnoreCase))
                        {
                            var (line, column) = SqlErrors.LineColumn(sql, Location(obj));
                            throw new SqlException("FUNCTION_NOT_FOUND", $"line {line}:{column}: Table function '{name}' not registered");
                        }

                        break;
                }

                if (Type(obj) == "SELECT_NODE") NameResultColumns(obj);
                foreach (var property in obj.ToArray()) Visit(property.Value, ctes);
                if (Class(obj) == "FUNCTION" && obj.Parent is not null) TrinoFunctions.Rewrite(obj);
                else if (obj.Parent is not null) TrinoLiterals.Rewrite(obj, sql);
                break;
        }
    }

    private void BindTable(JsonObject table, ImmutableHashSet<string> ctes)
    {
        var catalog = Text(table, "catalog_name");
        var schema = Text(table, "schema_name");
        var name = Text(table, "table_name");
        if (catalog.Length == 0 && schema.Length == 0 && ctes.Contains(name.ToLowerInvariant())) return;

        var key = $"{catalog}.{schema}.{name}";
        if (!_bound.TryGetValue(key, out var bound))
        {
            var resolved = binder.Bind(new TableReference(catalog, schema, name, Location(table)), sql);
            bound = ($"__basin_t{_bound.Count}", resolved);
            _bound[key] = bound;
        }

        // Keep the written name as the alias so "customers.customerid" still resolves.
        if (Text(table, "alias").Length == 0) table["alias"] = name;
        table["table_name"] = bound.View;
        table["schema_name"] = "";
        table["catalog_name"] = "";
    }

    /// <summary>
    /// Trino names a select item after its column reference or alias, else "_col" + its position;
    /// in every SELECT, since a CTE's or subquery's unnamed columns surface through "*".
    /// </summary>
    private static void NameResultColumns(JsonObject node)
    {
        if (node["select_list"] is not JsonArray list) return;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject expression) continue;
            var kind = Class(expression);
            if (kind is "COLUMN_REF" or "STAR" || Text(expression, "alias").Length > 0) continue;
            expression["alias"] = "_col" + i;
        }
    }
}
