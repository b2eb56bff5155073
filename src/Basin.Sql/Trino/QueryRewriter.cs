using System.Collections.Immutable;
using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>One lake-table scan the rewritten query reads: its temp view, the table, and the partition predicate (null: every partition).</summary>
public sealed record ScanView(string Name, BoundTable Table, JsonObject? PartitionPredicate);

/// <summary>
/// Rewrites a parsed Trino query into one DuckDB runs with Athena's meaning: every catalog table
/// becomes a per-query view over its lake objects (and nothing else is readable: table functions
/// other than UNNEST are refused), views are expanded in place, Trino functions are translated,
/// unnamed result columns get Trino's names (_col0, _col1, ...), and WHERE conjuncts on partition
/// keys are collected so the scan reads only the partitions they keep.
/// </summary>
public sealed class QueryRewriter(string sql, ITableBinder binder, string defaultSchema, Func<string, JsonObject> parse)
{
    private const int MaxViewDepth = 16;
    private readonly Dictionary<string, BoundRelation> _bound = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<JsonObject, TableOccurrence> _occurrences = new(ReferenceEqualityComparer.Instance);
    private readonly List<ScanView> _views = [];

    /// <summary>The scans of the rewritten query, whose views must exist on its session before it runs.</summary>
    public IReadOnlyList<ScanView> Views => _views;

    /// <summary>The result columns that are timestamps with a named time zone, by position.</summary>
    public IReadOnlyDictionary<int, string> ColumnZones { get; private set; } = new Dictionary<int, string>();

    /// <summary>Whether the query names a hidden column (<see cref="HiddenColumns"/>): its scans must yield them.</summary>
    public bool UsesHiddenColumns { get; private set; }

    private sealed record Scope(ImmutableHashSet<string> Ctes, string Schema, int ViewDepth);

    /// <summary>Rewrites the single statement of <paramref name="tree"/> (json_serialize_sql output) in place.</summary>
    public JsonObject Rewrite(JsonObject tree)
    {
        UsesHiddenColumns = HiddenColumns.AreUsed(tree);
        Visit(Statement(tree), new Scope([], defaultSchema, 0));
        ColumnZones = TimeZones.ColumnZones(Statement(tree));
        NameViews();
        return tree;
    }

    private static JsonObject Statement(JsonObject tree)
    {
        var statements = tree["statements"]!.AsArray();
        if (statements.Count != 1)
            throw new SqlException("SYNTAX_ERROR", "Only one sql statement is allowed. Got: " + statements.Count);
        return statements[0]!["node"]!.AsObject();
    }

    private void Visit(JsonNode? node, Scope scope)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.ToArray()) Visit(item, scope);
                break;
            case JsonObject obj:
                if (obj["cte_map"]?["map"] is JsonArray map && map.Count > 0)
                    scope = scope with { Ctes = scope.Ctes.Union(map.Select(entry => entry!["key"]!.GetValue<string>().ToLowerInvariant())) };

                switch (Type(obj))
                {
                    case "BASE_TABLE":
                        BindTable(obj, scope);
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
                foreach (var property in obj.ToArray()) Visit(property.Value, scope);
                if (Class(obj) == "FUNCTION" && obj.Parent is not null) TrinoFunctions.Rewrite(obj);
                else if (Type(obj) == "OPERATOR_TRY") TrinoFunctions.RewriteTry(obj);
                else if (Type(obj) == "ARRAY_EXTRACT" && obj.Parent is not null) TrinoFunctions.RewriteSubscript(obj);
                else if (obj.Parent is not null) TrinoLiterals.Rewrite(obj, sql);
                if (Class(obj) is "COMPARISON" or "BETWEEN") TimeZones.CompareInstants(obj);
                if (Type(obj) == "SELECT_NODE") PartitionPruning.Collect(obj, _occurrences);
                if (Type(obj) == "SELECT_NODE" && UsesHiddenColumns) HiddenColumns.ExcludeFromStars(obj, _occurrences);
                if (Type(obj) == "TABLE_FUNCTION" && obj.Parent is not null && UnnestRewrite.Applies(obj))
                    Replace(obj, UnnestRewrite.Rewrite(obj, parse, IsMap));
                break;
        }
    }

    /// <summary>
    /// Whether an expression is a map: a map constructor, or a column that a table of this query
    /// (the one its qualifier names, if it has one) declares as a map. Anything else is taken for
    /// an array, and a map hidden behind another expression fails to bind (DuckDB: UNNEST requires
    /// a list) rather than unnest wrongly.
    /// </summary>
    private bool IsMap(JsonNode expression)
    {
        if (expression is JsonObject f && Class(f) == "FUNCTION")
            return Text(f, "function_name").ToLowerInvariant() is "map" or "map_from_entries" or "trino_map_agg" or "trino_multimap_agg";
        if (expression is not JsonObject c || Class(c) != "COLUMN_REF") return false;
        var names = c["column_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var column = names[^1];
        var qualifier = names.Count > 1 ? names[^2] : null;
        return _occurrences.Values
            .Where(o => qualifier is null || o.Alias.Equals(qualifier, StringComparison.OrdinalIgnoreCase))
            .SelectMany(o => o.Table.Table.Columns)
            .Any(col => col.Name.Equals(column, StringComparison.OrdinalIgnoreCase) && col.Type.StartsWith("map<", StringComparison.OrdinalIgnoreCase));
    }

    private void BindTable(JsonObject table, Scope scope)
    {
        var catalog = Text(table, "catalog_name");
        var schema = Text(table, "schema_name");
        var name = Text(table, "table_name");
        if (catalog.Length == 0 && schema.Length == 0 && scope.Ctes.Contains(name.ToLowerInvariant())) return;

        var key = $"{catalog}.{(schema.Length > 0 ? schema : scope.Schema)}.{name}";
        if (!_bound.TryGetValue(key, out var bound))
        {
            bound = binder.Bind(new TableReference(catalog, schema, name, Location(table), scope.Schema), sql);
            _bound[key] = bound;
        }

        // Keep the written name as the alias so "customers.customerid" still resolves.
        var alias = Text(table, "alias").Length > 0 ? Text(table, "alias") : name;
        switch (bound)
        {
            case BoundTable lakeTable:
                table["alias"] = alias;
                _occurrences[table] = new TableOccurrence(table, lakeTable, alias, key);
                break;
            case BoundView view:
                ExpandView(table, view, alias, scope);
                break;
        }
    }

    /// <summary>A view reads as the subquery it stands for, its own table names resolved in the view's schema.</summary>
    private void ExpandView(JsonObject table, BoundView view, string alias, Scope scope)
    {
        if (scope.ViewDepth >= MaxViewDepth)
            throw new SqlException("VIEW_IS_RECURSIVE", $"View is recursive or nested too deeply: {view.QualifiedName}");
        JsonObject body;
        try
        {
            body = Statement(parse(view.Sql));
        }
        catch (SqlException e)
        {
            throw new SqlException("VIEW_IS_STALE", $"View '{view.QualifiedName}' is stale or in invalid state: {e.Message}");
        }

        body.Parent?.AsObject().Remove("node");
        Visit(body, new Scope([], view.Schema, scope.ViewDepth + 1));
        Replace(table, new JsonObject
        {
            ["type"] = "SUBQUERY",
            ["alias"] = alias,
            ["sample"] = null,
            ["query_location"] = table["query_location"]?.DeepClone(),
            ["subquery"] = new JsonObject { ["node"] = body, ["named_param_map"] = new JsonArray() },
            ["column_name_alias"] = new JsonArray(),
        });
    }

    /// <summary>
    /// One view per table for the scans that read every partition, and one per scan that prunes
    /// (its predicate is its own); the syntax tree then names the views.
    /// </summary>
    private void NameViews()
    {
        var shared = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var occurrence in _occurrences.Values)
        {
            var predicate = PartitionPruning.Predicate(occurrence);
            string view;
            if (predicate is null && shared.TryGetValue(occurrence.Key, out var existing)) view = existing;
            else
            {
                view = "__basin_t" + _views.Count;
                _views.Add(new ScanView(view, occurrence.Table, predicate));
                if (predicate is null) shared[occurrence.Key] = view;
            }

            occurrence.Node["table_name"] = view;
            occurrence.Node["schema_name"] = "";
            occurrence.Node["catalog_name"] = "";
        }
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
