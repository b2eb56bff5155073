using Basin.Sql.Lake;

namespace Basin.Sql.Trino;

/// <summary>
/// A table named in a query, as written (catalog and schema empty when not written), and the
/// schema an unqualified name resolves in (the query's database, or a view's own).
/// </summary>
public sealed record TableReference(string Catalog, string Schema, string Table, int Offset, string DefaultSchema);

/// <summary>What a name in FROM resolves to: a lake table or a view.</summary>
public abstract record BoundRelation(string QualifiedName);

/// <summary>
/// A lake table: how its objects read (<see cref="LakeTable"/> without files) and, when it is
/// partitioned, its partitions. Files are listed only for the partitions a query keeps
/// (<see cref="ListFiles"/> takes them, or null for an unpartitioned table), so a pruned
/// partition costs neither a listing nor a read. A table with <paramref name="InjectedKeys"/>
/// (partition projection's <c>injected</c> type) has its partitions made by <paramref name="Inject"/>
/// from the values each query gives those keys (<see cref="InjectedValues"/>).
/// </summary>
public sealed record BoundTable(
    string QualifiedName,
    LakeTable Table,
    IReadOnlyList<LakePartition>? Partitions,
    Func<IReadOnlyList<LakePartition>?, IReadOnlyList<LakeFile>> ListFiles,
    IReadOnlyList<string>? InjectedKeys = null,
    Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, IReadOnlyList<LakePartition>>? Inject = null) : BoundRelation(QualifiedName);

/// <summary>A view: its Trino text, whose unqualified table names resolve in <paramref name="Schema"/>.</summary>
public sealed record BoundView(string QualifiedName, string Sql, string Schema) : BoundRelation(QualifiedName);

/// <summary>Resolves table names to the lake (the Glue catalog for Athena); throws a SqlException when there is no such table.</summary>
public interface ITableBinder
{
    BoundRelation Bind(TableReference reference, string sql);
}
