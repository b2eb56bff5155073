using System.Text;
using System.Text.Json.Nodes;
using Basin.DuckDb;
using Basin.Sql.Hive;
using Basin.Sql.Lake;

namespace Basin.Sql.Trino;

/// <summary>
/// Evaluates a scan's partition predicate over the table's partition values with the engine
/// itself, so pruning has exactly the query's semantics (casts, functions, NULL for Hive's
/// default partition) rather than a second interpretation of them.
/// </summary>
internal static class PartitionFilter
{
    private const string Relation = "__basin_partitions";
    private const string Index = "__basin_i";

    public static IReadOnlyList<LakePartition> Apply(SqlSession session, BoundTable table, JsonObject predicate)
    {
        var partitions = table.Partitions!;
        if (partitions.Count == 0) return partitions;
        var tree = session.Parse($"SELECT {Index} FROM {Relation} WHERE true");
        tree["statements"]![0]!["node"]!["where_clause"] = predicate.DeepClone();
        try
        {
            session.Execute($"CREATE OR REPLACE TEMP VIEW {Relation} AS {ValuesSql(table.Table.PartitionKeys, partitions)}");
            return [.. session.QueryLongs(session.Render(tree)).Select(i => partitions[(int)i])];
        }
        catch (DuckDbException)
        {
            // A predicate the engine cannot evaluate on its own fails the query itself, with the
            // user's error; here it just means no pruning.
            return partitions;
        }
    }

    /// <summary>The partitions as rows: their index and each key's value in the key's type.</summary>
    private static string ValuesSql(IReadOnlyList<(string Name, string Type)> keys, IReadOnlyList<LakePartition> partitions)
    {
        var sql = new StringBuilder($"SELECT {Index}::BIGINT AS {Index}");
        for (var k = 0; k < keys.Count; k++)
            sql.Append($", TRY_CAST(v{k} AS {HiveTypes.ToDuckDb(keys[k].Type)}) AS {SqlText.Identifier(keys[k].Name)}");
        sql.Append(" FROM (VALUES ");
        for (var i = 0; i < partitions.Count; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append('(').Append(i);
            for (var k = 0; k < keys.Count; k++)
            {
                var value = k < partitions[i].Values.Count ? partitions[i].Values[k] : null;
                sql.Append(", ").Append(value is null || value == LakeScanSql.HiveDefaultPartition ? "NULL::VARCHAR" : SqlText.Literal(value));
            }

            sql.Append(')');
        }

        sql.Append($") AS v({Index}");
        for (var k = 0; k < keys.Count; k++) sql.Append($", v{k}");
        return sql.Append(')').ToString();
    }
}
