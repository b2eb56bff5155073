using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// Athena's partition DDL on the Glue catalog: ALTER TABLE ADD/DROP PARTITION, MSCK REPAIR TABLE
/// (which really lists the table's objects and registers the Hive-style folders it finds) and
/// SHOW PARTITIONS.
/// </summary>
public sealed class PartitionStatements(StatementContext context)
{
    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("MSCK", "REPAIR", "TABLE")) return await RepairAsync(c).ConfigureAwait(false);
        if (c.Accept("SHOW", "PARTITIONS")) return Show(c);
        if (!c.Accept("ALTER", "TABLE")) return null;
        var (db, name) = c.QualifiedName();
        if (c.Accept("ADD")) return await AddAsync(c, context.RequireTable(db, name)).ConfigureAwait(false);
        if (c.Accept("DROP")) return await DropAsync(c, context.RequireTable(db, name)).ConfigureAwait(false);
        throw new SqlException("NOT_SUPPORTED", "This ALTER TABLE form is not supported by Basin yet: ADD PARTITION and DROP PARTITION are");
    }

    private async Task<StatementOutcome> AddAsync(TokenCursor c, Table table)
    {
        var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
        var added = new List<(List<string> Values, string? Location)>();
        do
        {
            c.Expect("PARTITION");
            var values = Values(table, Spec(c), complete: true);
            added.Add((values, c.Accept("LOCATION") ? c.StringLiteral() : null));
        }
        while (c.Peek()?.IsWord("PARTITION") == true);
        c.ExpectEnd();

        foreach (var (values, location) in added)
        {
            if (!await TablePartitions.AddAsync(context, table, values, location).ConfigureAwait(false) && !ifNotExists)
                throw StatementContext.DdlFailure($"AlreadyExistsException(message:Partition already exists: {Describe(table, values)})");
        }

        return new StatementOutcome.None();
    }

    /// <summary>Drops every partition matching each spec; a spec may name only some keys, as in Hive.</summary>
    private async Task<StatementOutcome> DropAsync(TokenCursor c, Table table)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var specs = new List<Dictionary<string, string>>();
        do
        {
            c.Expect("PARTITION");
            specs.Add(Spec(c));
        }
        while (c.AcceptSymbol(","));
        c.ExpectEnd();

        var keys = (table.PartitionKeys ?? []).Select(k => k.Name!).ToList();
        var existing = TablePartitions.List(context, table);
        foreach (var spec in specs)
        {
            Values(table, spec, complete: false);
            var matching = existing.Where(values => spec.All(s => values[keys.FindIndex(k => k.Equals(s.Key, StringComparison.OrdinalIgnoreCase))] == s.Value)).ToList();
            if (matching.Count == 0 && !ifExists)
                throw new SqlException("PARTITION_NOT_FOUND", $"FAILED: SemanticException [Error 10006]: Partition not found ({string.Join(", ", spec.Select(s => $"{s.Key} = '{s.Value}'"))})");
            foreach (var values in matching)
                await context.Catalog.DeletePartitionAsync(context.Account, table.DatabaseName!, table.Name!, CatalogObjects.PartitionKey(values)).ConfigureAwait(false);
        }

        return new StatementOutcome.None();
    }

    /// <summary>
    /// Registers every Hive-style partition folder under the table's location that the catalog
    /// lacks. Folders that do not follow the table's keys are skipped, as Hive skips them.
    /// </summary>
    private async Task<StatementOutcome> RepairAsync(TokenCursor c)
    {
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var table = context.RequireTable(db, name);
        var keys = (table.PartitionKeys ?? []).Select(k => k.Name!).ToList();
        if (keys.Count == 0) return new StatementOutcome.Text("", []);
        if (S3Location.TryParse(table.StorageDescriptor?.Location) is not { } location || !context.Lake.BucketExists(location.Bucket))
            return new StatementOutcome.Text("", []);

        var known = TablePartitions.List(context, table).Select(CatalogObjects.PartitionKey).ToHashSet(StringComparer.Ordinal);
        var found = new SortedDictionary<string, (List<string> Values, string Folder)>(StringComparer.Ordinal);
        foreach (var o in context.Lake.List(location.Bucket, location.FolderPrefix))
        {
            var relative = o.Key[location.FolderPrefix.Length..];
            if (LakePaths.IsHidden(relative)) continue;
            var segments = relative.Split('/');
            if (segments.Length <= keys.Count) continue;
            var values = new List<string>();
            for (var i = 0; i < keys.Count && HivePartitionPaths.Segment(segments[i]) is { } segment && segment.Key.Equals(keys[i], StringComparison.OrdinalIgnoreCase); i++)
                values.Add(segment.Value);
            if (values.Count != keys.Count) continue;
            var folder = string.Join('/', segments.Take(keys.Count));
            found.TryAdd(folder, (values, folder));
        }

        var missing = found.Values.Where(p => !known.Contains(CatalogObjects.PartitionKey(p.Values))).ToList();
        var lines = new List<string>();
        if (missing.Count > 0) lines.Add("Partitions not in metastore:\t" + string.Join('\t', missing.Select(p => $"{table.Name}:{p.Folder}")));
        foreach (var (values, folder) in missing)
        {
            await TablePartitions.AddAsync(context, table, values, $"s3://{location.Bucket}/{location.FolderPrefix}{folder}/").ConfigureAwait(false);
            lines.Add($"Repair: Added partition to metastore {table.Name}:{folder}");
        }

        return new StatementOutcome.Text("", lines);
    }

    private StatementOutcome Show(TokenCursor c)
    {
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var table = context.RequireTable(db, name);
        var keys = (table.PartitionKeys ?? []).Select(k => k.Name!).ToList();
        if (keys.Count == 0)
            throw new SqlException("GENERIC_INTERNAL_ERROR", $"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Table {table.Name} is not a partitioned table");
        var lines = TablePartitions.List(context, table)
            .Select(values => string.Join('/', keys.Select((k, i) => $"{k}={HivePartitionPaths.Escape(values[i])}")))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new StatementOutcome.Text("partition", lines);
    }

    /// <summary>(key = value, ...) with string or numeric values.</summary>
    private static Dictionary<string, string> Spec(TokenCursor c)
    {
        var spec = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        c.ExpectSymbol("(");
        do
        {
            var key = c.Identifier();
            c.ExpectSymbol("=");
            var value = c.Peek() is { Kind: SqlTokenKind.String } ? c.StringLiteral() : c.Next().Text;
            spec[key] = value;
        }
        while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return spec;
    }

    /// <summary>The spec's values in partition-key order; every key must be a partition key, and all of them when <paramref name="complete"/>.</summary>
    private static List<string> Values(Table table, Dictionary<string, string> spec, bool complete)
    {
        var keys = (table.PartitionKeys ?? []).Select(k => k.Name!).ToList();
        foreach (var key in spec.Keys.Where(k => !keys.Contains(k, StringComparer.OrdinalIgnoreCase)))
            throw new SqlException("INVALID_PARTITION_SPEC", $"FAILED: SemanticException [Error 10098]: Partition spec is invalid; field {key.ToLowerInvariant()} does not exist or is empty");
        if (complete && spec.Count != keys.Count)
            throw new SqlException("INVALID_PARTITION_SPEC", $"FAILED: SemanticException table is partitioned but partition spec is not specified or does not fully match table partitioning: {{{string.Join(", ", spec.Select(s => $"{s.Key}={s.Value}"))}}}");
        return [.. keys.Select(k => spec.GetValueOrDefault(k) ?? "")];
    }

    private static string Describe(Table table, IReadOnlyList<string> values) =>
        $"Partition(values:[{string.Join(", ", values)}], dbName:{table.DatabaseName}, tableName:{table.Name})";
}
