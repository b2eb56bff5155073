using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Sql;
using Basin.Sql.Lexing;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// The DDL and utility statements Athena runs against the Glue Data Catalog: CREATE/DROP
/// DATABASE|SCHEMA, CREATE EXTERNAL TABLE, DROP TABLE, SHOW DATABASES|SCHEMAS, SHOW TABLES,
/// SHOW COLUMNS, DESCRIBE. Failures read as Athena's (Hive's) DDL errors.
/// </summary>
public sealed class CatalogDdl(CatalogStore catalog, string account, string defaultDatabase, DateTimeOffset now, string caller)
{
    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("CREATE", "DATABASE") || c.Accept("CREATE", "SCHEMA")) return await CreateDatabaseAsync(c).ConfigureAwait(false);
        if (c.Accept("DROP", "DATABASE") || c.Accept("DROP", "SCHEMA")) return await DropDatabaseAsync(c).ConfigureAwait(false);
        if (c.Accept("DROP", "TABLE")) return await DropTableAsync(c).ConfigureAwait(false);
        if (c.Accept("SHOW", "DATABASES") || c.Accept("SHOW", "SCHEMAS")) return ShowDatabases(c);
        if (c.Accept("SHOW", "TABLES")) return ShowTables(c);
        if (c.Accept("SHOW", "COLUMNS")) return ShowColumns(c);
        if (c.Accept("DESCRIBE") || c.Accept("DESC")) return Describe(c);
        if (IsCreateExternalTable(tokens)) return await CreateTableAsync(CreateTableStatement.Parse(tokens)).ConfigureAwait(false);
        return null;
    }

    private static bool IsCreateExternalTable(IReadOnlyList<SqlToken> tokens) =>
        tokens.Count > 2 && tokens[0].IsWord("CREATE") &&
        (tokens[1].IsWord("EXTERNAL") || (tokens[1].IsWord("TABLE") && !StatementKind.IsCreateTableAs(tokens)));

    private async Task<StatementOutcome> CreateDatabaseAsync(TokenCursor c)
    {
        var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
        var name = c.Identifier().ToLowerInvariant();
        var input = new DatabaseInput { Name = name, Parameters = [] };
        while (!c.AtEnd)
        {
            if (c.Accept("COMMENT")) input.Description = c.StringLiteral();
            else if (c.Accept("LOCATION")) input.LocationUri = c.StringLiteral();
            else if (c.Accept("WITH", "DBPROPERTIES")) input.Parameters = c.Properties();
            else if (c.AcceptSymbol(";")) break;
            else throw c.Unexpected();
        }

        var doc = CatalogDocuments.Serialize(CatalogObjects.NewDatabase(input, name, account, now));
        if (!await catalog.CreateDatabaseAsync(account, name, doc).ConfigureAwait(false) && !ifNotExists)
            throw DdlFailure($"Database {name} already exists");
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> DropDatabaseAsync(TokenCursor c)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var name = c.Identifier().ToLowerInvariant();
        var cascade = c.Accept("CASCADE");
        c.Accept("RESTRICT");
        c.ExpectEnd();
        if (catalog.GetDatabase(account, name) is null)
            return ifExists ? new StatementOutcome.None() : throw new SqlException("SCHEMA_NOT_FOUND", $"FAILED: SemanticException [Error 10072]: Database does not exist: {name}");
        var tables = catalog.ListTables(account, name, null, int.MaxValue);
        if (tables.Count > 0 && !cascade)
            throw DdlFailure($"InvalidOperationException(message:Database {name} is not empty. One or more tables exist.)");
        foreach (var (table, _) in tables) await catalog.DeleteTableAsync(account, name, table).ConfigureAwait(false);
        await catalog.DeleteDatabaseAsync(account, name).ConfigureAwait(false);
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> CreateTableAsync(CreateTableStatement statement)
    {
        var database = statement.Database ?? defaultDatabase;
        if (catalog.GetDatabase(account, database) is null)
            throw new SqlException("SCHEMA_NOT_FOUND", $"FAILED: SemanticException [Error 10072]: Database does not exist: {database}");
        var created = await catalog.CreateTableAsync(account, database, statement.Name, version =>
            CatalogDocuments.Serialize(CatalogObjects.NewTable(statement.Table, statement.Name, database, account, now, now, caller, version))).ConfigureAwait(false);
        if (!created && !statement.IfNotExists)
            throw DdlFailure($"AlreadyExistsException(message:Table {statement.Name} already exists)");
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> DropTableAsync(TokenCursor c)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var database = (db ?? defaultDatabase).ToLowerInvariant();
        if (!await catalog.DeleteTableAsync(account, database, name.ToLowerInvariant()).ConfigureAwait(false) && !ifExists)
            throw new SqlException("TABLE_NOT_FOUND", $"FAILED: SemanticException [Error 10001]: Table not found {database}.{name.ToLowerInvariant()}");
        return new StatementOutcome.None();
    }

    private StatementOutcome ShowDatabases(TokenCursor c)
    {
        var pattern = c.Accept("LIKE") || c.Peek()?.Kind == SqlTokenKind.String ? c.StringLiteral() : null;
        c.ExpectEnd();
        var names = catalog.ListDatabases(account, null, int.MaxValue).Select(d => d.Name).Where(CatalogNames.GlobMatcher(pattern)).ToList();
        return new StatementOutcome.Text("database_name", names);
    }

    private StatementOutcome ShowTables(TokenCursor c)
    {
        var database = c.Accept("IN") || c.Accept("FROM") ? c.Identifier().ToLowerInvariant() : defaultDatabase;
        var pattern = c.Accept("LIKE") || c.Peek()?.Kind == SqlTokenKind.String ? c.StringLiteral() : null;
        c.ExpectEnd();
        if (catalog.GetDatabase(account, database) is null)
            throw new SqlException("SCHEMA_NOT_FOUND", $"FAILED: SemanticException [Error 10072]: Database does not exist: {database}");
        var names = catalog.ListTables(account, database, null, int.MaxValue).Select(t => t.Name).Where(CatalogNames.GlobMatcher(pattern)).ToList();
        return new StatementOutcome.Text("tab_name", names);
    }

    private StatementOutcome ShowColumns(TokenCursor c)
    {
        if (!c.Accept("IN")) c.Expect("FROM");
        var (db, name) = c.QualifiedName();
        if (c.Accept("IN") || c.Accept("FROM")) db = c.Identifier();
        c.ExpectEnd();
        var table = RequireTable(db, name);
        var columns = (table.StorageDescriptor?.Columns ?? []).Concat(table.PartitionKeys ?? []).Select(col => col.Name!).ToList();
        return new StatementOutcome.Text("field", columns);
    }

    /// <summary>Hive's DESCRIBE: "name\ttype\tcomment" per column, then the partition columns again under a heading.</summary>
    private StatementOutcome Describe(TokenCursor c)
    {
        c.Accept("FORMATTED");
        c.Accept("EXTENDED");
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var table = RequireTable(db, name);
        static string Line(Column col) => $"{col.Name,-20}\t{col.Type,-20}\t{col.Comment ?? "",-20}";
        var lines = (table.StorageDescriptor?.Columns ?? []).Concat(table.PartitionKeys ?? []).Select(Line).ToList();
        if (table.PartitionKeys is { Count: > 0 } keys)
        {
            lines.Add("");
            lines.Add("# Partition Information");
            lines.Add($"{"# col_name",-20}\t{"data_type",-20}\t{"comment",-20}");
            lines.Add("");
            lines.AddRange(keys.Select(Line));
        }

        return new StatementOutcome.Text("col_name", lines);
    }

    private Table RequireTable(string? db, string name)
    {
        var database = (db ?? defaultDatabase).ToLowerInvariant();
        var row = catalog.GetTable(account, database, name.ToLowerInvariant())
            ?? throw new SqlException("TABLE_NOT_FOUND", $"FAILED: SemanticException [Error 10001]: Table not found {database}.{name.ToLowerInvariant()}");
        return CatalogDocuments.Deserialize<Table>(row.Doc);
    }

    private static SqlException DdlFailure(string detail) =>
        new("GENERIC_INTERNAL_ERROR", "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. " + detail);
}
