using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Sql.Lake;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// The statements that write the lake: CREATE TABLE AS (CTAS), INSERT INTO and UNLOAD. Rows are
/// really written as objects in the table's (or UNLOAD's) location, in the requested format and
/// compression, partitioned into Hive folders, and the catalog learns the new table and partitions.
/// </summary>
public sealed class WriteStatements(StatementContext context)
{
    private static readonly HashSet<string> CtasProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_type", "external_location", "location", "format", "partitioned_by", "bucketed_by", "bucket_count",
        "write_compression", "parquet_compression", "orc_compression", "field_delimiter", "compression_level", "is_external",
    };

    private static readonly HashSet<string> UnloadProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "format", "compression", "compression_level", "field_delimiter", "partitioned_by",
    };

    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens, string sql)
    {
        if (StatementKind.IsCreateTableAs(tokens)) return await CreateTableAsAsync(new TokenCursor(tokens), sql).ConfigureAwait(false);
        var c = new TokenCursor(tokens);
        if (c.Accept("INSERT", "INTO")) return await InsertAsync(c, sql).ConfigureAwait(false);
        if (c.Accept("UNLOAD")) return await UnloadAsync(c, sql, tokens).ConfigureAwait(false);
        return null;
    }

    private async Task<StatementOutcome> CreateTableAsAsync(TokenCursor c, string sql)
    {
        var start = c.Peek()!;
        c.Expect("CREATE");
        c.Expect("TABLE");
        var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
        var (db, name) = c.QualifiedName();
        var database = context.DatabaseOf(db);
        name = name.ToLowerInvariant();
        var properties = c.Accept("WITH") ? WriteProperties.Parse(c, CtasProperties, "Catalog 'awsdatacatalog' table") : new WriteProperties();
        c.Expect("AS");
        var (query, withData) = QueryAndDataClause(c.RestOfStatement(sql));

        context.RequireDatabase(database);
        if (context.Catalog.GetTable(context.Account, database, name) is not null)
        {
            if (ifNotExists) return new StatementOutcome.Written(0, []);
            throw new SqlException("TABLE_ALREADY_EXISTS", $"{start.Position}: Table 'awsdatacatalog.{database}.{name}' already exists");
        }

        if (!(properties.Text("table_type") ?? "HIVE").Equals("HIVE", StringComparison.OrdinalIgnoreCase))
            throw new SqlException("NOT_SUPPORTED", $"table_type '{properties.Text("table_type")}' is not supported by Basin: CTAS writes Hive tables");
        if (properties.Has("bucketed_by") || properties.Has("bucket_count"))
            throw new SqlException("NOT_SUPPORTED", "Bucketed tables (bucketed_by, bucket_count) are not supported by Basin");

        var format = properties.Text("format") ?? "PARQUET";
        var delimiter = properties.Text("field_delimiter") ?? "\u0001";
        var (input, output, serde) = HiveStorage.For(format, delimiter);
        var compression = properties.Text("write_compression") ?? properties.Text("parquet_compression") ?? "GZIP";
        var location = properties.Text("external_location") ?? $"s3://{context.Output.Bucket}/{context.Output.FolderPrefix}tables/{context.QueryId}/";
        var target = S3Location.TryParse(location) ?? throw new SqlException("INVALID_TABLE_PROPERTY", $"external_location must be an s3:// location: {location}");
        RequireEmpty(target, $"Target directory for table '{database}.{name}' already exists: {location}");

        var prepared = context.PrepareToRead(query);
        var columns = context.Columns(prepared);
        var partitionedBy = properties.List("partitioned_by").Select(p => p.ToLowerInvariant()).ToList();
        var names = columns.Select(col => col.Name.ToLowerInvariant()).ToList();
        if (partitionedBy.Count > 0 && !names.TakeLast(partitionedBy.Count).SequenceEqual(partitionedBy))
            throw new SqlException("HIVE_COLUMN_ORDER_MISMATCH", $"Partition keys must be the last columns in the table and in the same order as the table properties: [{string.Join(", ", partitionedBy)}]");

        var written = withData
            ? await LakeWriter.WriteAsync(context, prepared.DuckDbSql, [.. columns.Select(col => col.Name)], partitionedBy, new LakeWriteFormat(HiveStorage.LakeFormatOf(format), compression, delimiter), target).ConfigureAwait(false)
            : new WrittenData(0, [], []);

        var glueColumns = columns.Select(col => new Column { Name = col.Name.ToLowerInvariant(), Type = HiveTypes.FromDuckDb(col.Type) }).ToList();
        var tableInput = new TableInput
        {
            Name = name,
            TableType = "EXTERNAL_TABLE",
            Parameters = new() { ["EXTERNAL"] = "TRUE", ["has_encrypted_data"] = "false", [CompressionProperty(format)] = compression.ToUpperInvariant() },
            PartitionKeys = [.. glueColumns.TakeLast(partitionedBy.Count)],
            StorageDescriptor = HiveStorage.Descriptor([.. glueColumns.Take(glueColumns.Count - partitionedBy.Count)], location, input, output, serde),
        };
        // A concurrent CTAS of the same name may have won while this one wrote; its data stays where it is, as in Athena.
        if (!await context.Catalog.CreateTableAsync(context.Account, database, name, version =>
                CatalogDocuments.Serialize(CatalogObjects.NewTable(tableInput, name, database, context.Account, context.Now, context.Now, context.Caller, version))).ConfigureAwait(false))
            throw new SqlException("TABLE_ALREADY_EXISTS", $"{start.Position}: Table 'awsdatacatalog.{database}.{name}' already exists");
        var table = context.RequireTable(database, name);
        foreach (var values in written.Partitions) await TablePartitions.AddAsync(context, table, values, null).ConfigureAwait(false);
        return new StatementOutcome.Written(written.Rows, written.Objects, prepared.ScannedBytes);
    }

    private async Task<StatementOutcome> InsertAsync(TokenCursor c, string sql)
    {
        var (db, name) = c.QualifiedName();
        List<(string Name, SqlToken At)>? listed = null;
        if (c.Peek()?.IsSymbol("(") == true && !(c.Peek(1)?.IsWord("SELECT") ?? false) && !(c.Peek(1)?.IsWord("WITH") ?? false) && !(c.Peek(1)?.IsWord("VALUES") ?? false))
        {
            c.ExpectSymbol("(");
            listed = [];
            do
            {
                var at = c.Peek()!;
                listed.Add((c.Identifier().ToLowerInvariant(), at));
            }
            while (c.AcceptSymbol(","));
            c.ExpectSymbol(")");
        }

        var query = c.RestOfStatement(sql);
        var database = context.DatabaseOf(db);
        var table = context.Catalog.GetTable(context.Account, database, name.ToLowerInvariant()) is { } row
            ? CatalogDocuments.Deserialize<Table>(row.Doc)
            : throw new SqlException("TABLE_NOT_FOUND", $"line 1:1: Table 'awsdatacatalog.{database}.{name.ToLowerInvariant()}' does not exist");
        if (table.TableType == AthenaViews.TableType) throw new SqlException("NOT_SUPPORTED", "line 1:1: Inserting into views is not supported");

        var dataColumns = (table.StorageDescriptor?.Columns ?? []).Select(col => (col.Name!, col.Type ?? "string")).ToList();
        var keys = (table.PartitionKeys ?? []).Select(col => (col.Name!, col.Type ?? "string")).ToList();
        var all = dataColumns.Concat(keys).ToList();
        var targets = listed?.Select(l => l.Name).ToList() ?? [.. all.Select(col => col.Item1)];
        foreach (var (column, _) in listed ?? [])
        {
            if (!all.Any(col => col.Item1.Equals(column, StringComparison.OrdinalIgnoreCase)))
                throw new SqlException("COLUMN_NOT_FOUND", $"line 1:1: Insert column name does not exist in target table: {column}");
        }

        if (targets.Distinct(StringComparer.OrdinalIgnoreCase).Count() != targets.Count)
            throw new SqlException("DUPLICATE_COLUMN_NAME", $"line 1:1: Insert column name is specified more than once: {targets.GroupBy(t => t).First(g => g.Count() > 1).Key}");

        var prepared = context.PrepareToRead(query);
        var columns = context.Columns(prepared);
        var targetTypes = targets.Select(t => all.First(col => col.Item1.Equals(t, StringComparison.OrdinalIgnoreCase)).Item2).ToList();
        if (columns.Count != targets.Count || columns.Zip(targetTypes).Any(pair => !InsertCoercion.Allowed(pair.First.Type, pair.Second)))
        {
            throw new SqlException("TYPE_MISMATCH",
                $"line 1:1: Insert query has mismatched column types: Table: [{string.Join(", ", targetTypes.Select(InsertCoercion.TrinoName))}], Query: [{string.Join(", ", columns.Select(col => col.TrinoType))}]");
        }

        // The rows in the table's column order: listed columns from the query (cast to the table's types), the rest NULL.
        var select = string.Join(", ", all.Select(col =>
        {
            var i = targets.FindIndex(t => t.Equals(col.Item1, StringComparison.OrdinalIgnoreCase));
            var value = i < 0 ? "NULL" : SqlText.Identifier("c" + i);
            return $"CAST({value} AS {HiveTypes.ToDuckDb(col.Item2)}) AS {SqlText.Identifier(col.Item1)}";
        }));
        var aliases = string.Join(", ", Enumerable.Range(0, columns.Count).Select(i => SqlText.Identifier("c" + i)));
        var rows = $"SELECT {select} FROM ({prepared.DuckDbSql}) AS __basin_i({aliases})";

        var location = S3Location.TryParse(table.StorageDescriptor?.Location)
            ?? throw new SqlException("HIVE_INVALID_METADATA", $"Table {database}.{table.Name} has no s3:// LOCATION to insert into");
        var written = await LakeWriter.WriteAsync(context, rows, [.. all.Select(col => col.Item1)], [.. keys.Select(k => k.Item1)], HiveStorage.WriteFormatOf(table), location).ConfigureAwait(false);
        foreach (var values in written.Partitions) await TablePartitions.AddAsync(context, table, values, null).ConfigureAwait(false);
        return new StatementOutcome.Written(written.Rows, written.Objects, prepared.ScannedBytes);
    }

    private async Task<StatementOutcome> UnloadAsync(TokenCursor c, string sql, IReadOnlyList<SqlToken> tokens)
    {
        // UNLOAD (query) TO 's3://...' WITH (...): the query is the text between the outer parentheses.
        var open = c.Peek() ?? throw c.Unexpected();
        c.ExpectSymbol("(");
        var depth = 1;
        SqlToken? close = null;
        while (c.Peek() is { } t)
        {
            c.Next();
            if (t.IsSymbol("(")) depth++;
            else if (t.IsSymbol(")") && --depth == 0)
            {
                close = t;
                break;
            }
        }

        if (close is null) throw c.Unexpected();
        var query = new TokenCursor([.. tokens.SkipWhile(t => t != open).Skip(1)]).RestOfStatement(sql)[..close.Offset];
        c.Expect("TO");
        var location = c.StringLiteral();
        var properties = c.Accept("WITH") ? WriteProperties.Parse(c, UnloadProperties, "UNLOAD") : new WriteProperties();
        c.ExpectEnd();

        var target = S3Location.TryParse(location) ?? throw new SqlException("INVALID_TABLE_PROPERTY", $"UNLOAD needs an s3:// location: {location}");
        var partitionedBy = properties.List("partitioned_by").Select(p => p.ToLowerInvariant()).ToList();
        if (partitionedBy.Count == 0) RequireEmpty(target, $"Target location {location} is not empty: UNLOAD writes only to an empty location");
        var format = properties.Text("format") ?? "PARQUET";
        var writeFormat = new LakeWriteFormat(HiveStorage.LakeFormatOf(format), properties.Text("compression") ?? "GZIP", properties.Text("field_delimiter") ?? "\u0001");

        var prepared = context.PrepareToRead(query);
        var columns = context.Columns(prepared);
        var names = columns.Select(col => col.Name.ToLowerInvariant()).ToList();
        if (partitionedBy.Count > 0 && !names.TakeLast(partitionedBy.Count).SequenceEqual(partitionedBy))
            throw new SqlException("HIVE_COLUMN_ORDER_MISMATCH", $"Partition keys must be the last columns in the table and in the same order as the table properties: [{string.Join(", ", partitionedBy)}]");
        var written = await LakeWriter.WriteAsync(context, prepared.DuckDbSql, [.. columns.Select(col => col.Name)], partitionedBy, writeFormat, target).ConfigureAwait(false);
        return new StatementOutcome.Written(written.Rows, written.Objects, prepared.ScannedBytes);
    }

    /// <summary>CTAS's query and whether it ends in WITH DATA (the default) or WITH NO DATA.</summary>
    private static (string Query, bool WithData) QueryAndDataClause(string query)
    {
        var tokens = SqlLexer.Tokenize(query);
        var end = tokens.Count > 0 && tokens[^1].IsSymbol(";") ? tokens.Count - 1 : tokens.Count;
        if (end >= 2 && tokens[end - 1].IsWord("DATA") && tokens[end - 2].IsWord("WITH")) return (query[..tokens[end - 2].Offset], true);
        if (end >= 3 && tokens[end - 1].IsWord("DATA") && tokens[end - 2].IsWord("NO") && tokens[end - 3].IsWord("WITH")) return (query[..tokens[end - 3].Offset], false);
        return (query, true);
    }

    private void RequireEmpty(S3Location target, string message)
    {
        if (!context.Lake.BucketExists(target.Bucket))
            throw new SqlException("HIVE_FILESYSTEM_ERROR", $"Unable to write to {target}: the bucket {target.Bucket} does not exist");
        if (context.Lake.List(target.Bucket, target.FolderPrefix).Any())
            throw new SqlException("HIVE_PATH_ALREADY_EXISTS", message);
    }

    private static string CompressionProperty(string format) => format.ToUpperInvariant() switch
    {
        "PARQUET" => "parquet.compression",
        _ => "write.compression",
    };
}
