using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Sql;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// The DDL and utility statements Athena runs against the Glue Data Catalog: CREATE/DROP
/// DATABASE|SCHEMA, CREATE EXTERNAL TABLE, DROP TABLE, SHOW DATABASES|SCHEMAS, SHOW TABLES,
/// SHOW COLUMNS, DESCRIBE. Failures read as Athena's (Hive's) DDL errors.
/// </summary>
public sealed class CatalogDdl(StatementContext context)
{
    /// <param name="sql">The statement's text: Hive DDL (CREATE DATABASE, CREATE EXTERNAL TABLE) is lexed again with Hive's string literals.</param>
    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens, string sql)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("CREATE", "DATABASE") || c.Accept("CREATE", "SCHEMA"))
        {
            c = new TokenCursor(SqlLexer.Tokenize(sql, hive: true));
            c.Expect("CREATE");
            if (!c.Accept("DATABASE")) c.Expect("SCHEMA");
            return await CreateDatabaseAsync(c).ConfigureAwait(false);
        }

        if (c.Accept("DROP", "DATABASE") || c.Accept("DROP", "SCHEMA")) return await DropDatabaseAsync(c).ConfigureAwait(false);
        if (c.Accept("DROP", "TABLE")) return await DropTableAsync(c).ConfigureAwait(false);
        if (c.Accept("SHOW", "DATABASES") || c.Accept("SHOW", "SCHEMAS")) return ShowDatabases(c);
        if (c.Accept("SHOW", "TABLES")) return ShowTables(c);
        if (c.Accept("SHOW", "COLUMNS")) return ShowColumns(c);
        if (c.Accept("DESCRIBE") || c.Accept("DESC")) return Describe(c);
        if (IsCreateExternalTable(tokens)) return await CreateTableAsync(CreateTableStatement.Parse(SqlLexer.Tokenize(sql, hive: true))).ConfigureAwait(false);
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

        var doc = CatalogDocuments.Serialize(CatalogObjects.NewDatabase(input, name, context.Account, context.Now));
        if (!await context.Catalog.CreateDatabaseAsync(context.Account, name, doc).ConfigureAwait(false) && !ifNotExists)
            throw StatementContext.DdlFailure($"Database {name} already exists");
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> DropDatabaseAsync(TokenCursor c)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var name = c.Identifier().ToLowerInvariant();
        var cascade = c.Accept("CASCADE");
        c.Accept("RESTRICT");
        c.ExpectEnd();
        if (context.Catalog.GetDatabase(context.Account, name) is null)
            return ifExists ? new StatementOutcome.None() : throw new SqlException("SCHEMA_NOT_FOUND", $"FAILED: SemanticException [Error 10072]: Database does not exist: {name}");
        var tables = context.Catalog.ListTables(context.Account, name, null, int.MaxValue);
        if (tables.Count > 0 && !cascade)
            throw StatementContext.DdlFailure($"InvalidOperationException(message:Database {name} is not empty. One or more tables exist.)");
        foreach (var (table, _) in tables) await context.Catalog.DeleteTableAsync(context.Account, name, table).ConfigureAwait(false);
        await context.Catalog.DeleteDatabaseAsync(context.Account, name).ConfigureAwait(false);
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> CreateTableAsync(CreateTableStatement statement)
    {
        var database = statement.Database ?? context.Database;
        context.RequireDatabase(database);
        var created = await context.Catalog.CreateTableAsync(context.Account, database, statement.Name, version =>
            CatalogDocuments.Serialize(CatalogObjects.NewTable(statement.Table, statement.Name, database, context.Account, context.Now, context.Now, context.Caller, version))).ConfigureAwait(false);
        if (!created && !statement.IfNotExists)
            throw StatementContext.DdlFailure($"AlreadyExistsException(message:Table {statement.Name} already exists)");
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> DropTableAsync(TokenCursor c)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var database = (db ?? context.Database).ToLowerInvariant();
        if (context.Catalog.GetTable(context.Account, database, name.ToLowerInvariant()) is { } row && CatalogDocuments.Deserialize<Table>(row.Doc).TableType == AthenaViews.TableType)
            throw StatementContext.DdlFailure($"Cannot drop a view with DROP TABLE: {database}.{name.ToLowerInvariant()}");
        if (!await context.Catalog.DeleteTableAsync(context.Account, database, name.ToLowerInvariant()).ConfigureAwait(false) && !ifExists)
            throw new SqlException("TABLE_NOT_FOUND", $"FAILED: SemanticException [Error 10001]: Table not found {database}.{name.ToLowerInvariant()}");
        return new StatementOutcome.None();
    }

    private StatementOutcome ShowDatabases(TokenCursor c)
    {
        var pattern = c.Accept("LIKE") || c.Peek()?.Kind == SqlTokenKind.String ? c.StringLiteral() : null;
        c.ExpectEnd();
        var names = context.Catalog.ListDatabases(context.Account, null, int.MaxValue).Select(d => d.Name).Where(CatalogNames.GlobMatcher(pattern)).ToList();
        return new StatementOutcome.Text("database_name", names);
    }

    private StatementOutcome ShowTables(TokenCursor c)
    {
        var database = c.Accept("IN") || c.Accept("FROM") ? c.Identifier().ToLowerInvariant() : context.Database;
        var pattern = c.Accept("LIKE") || c.Peek()?.Kind == SqlTokenKind.String ? c.StringLiteral() : null;
        c.ExpectEnd();
        context.RequireDatabase(database);
        var names = context.Catalog.ListTables(context.Account, database, null, int.MaxValue).Select(t => t.Name).Where(CatalogNames.GlobMatcher(pattern)).ToList();
        return new StatementOutcome.Text("tab_name", names);
    }

    private StatementOutcome ShowColumns(TokenCursor c)
    {
        if (!c.Accept("IN")) c.Expect("FROM");
        var (db, name) = c.QualifiedName();
        if (c.Accept("IN") || c.Accept("FROM")) db = c.Identifier();
        c.ExpectEnd();
        var table = context.RequireTable(db, name);
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
        var table = context.RequireTable(db, name);
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
}
