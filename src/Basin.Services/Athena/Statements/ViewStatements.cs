using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Sql.Lexing;
using Basin.Sql.Results;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// Athena views: CREATE [OR REPLACE] VIEW (the query is validated and its column types recorded),
/// DROP VIEW, SHOW VIEWS and SHOW CREATE VIEW. Views live in Glue in Athena's own format
/// (<see cref="AthenaViews"/>), and queries expand them where they are named.
/// </summary>
public sealed class ViewStatements(StatementContext context)
{
    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens, string sql)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("CREATE", "OR", "REPLACE", "VIEW")) return await CreateAsync(c, sql, replace: true).ConfigureAwait(false);
        if (c.Accept("CREATE", "VIEW")) return await CreateAsync(c, sql, replace: false).ConfigureAwait(false);
        if (c.Accept("DROP", "VIEW")) return await DropAsync(c).ConfigureAwait(false);
        if (c.Accept("SHOW", "VIEWS")) return Show(c);
        if (c.Accept("SHOW", "CREATE", "VIEW")) return ShowCreate(c);
        return null;
    }

    private async Task<StatementOutcome> CreateAsync(TokenCursor c, string sql, bool replace)
    {
        var (db, written) = c.QualifiedName();
        var database = context.DatabaseOf(db);
        var name = written.ToLowerInvariant();
        c.Expect("AS");
        var query = c.RestOfStatement(sql);
        context.RequireDatabase(database);
        var existing = context.Catalog.GetTable(context.Account, database, name) is { } row ? CatalogDocuments.Deserialize<Table>(row.Doc) : null;
        if (existing is not null && existing.TableType != AthenaViews.TableType)
            throw new SqlException("TABLE_ALREADY_EXISTS", $"line 1:1: Table 'awsdatacatalog.{database}.{name}' already exists");
        if (existing is not null && !replace)
            throw new SqlException("TABLE_ALREADY_EXISTS", $"line 1:1: View 'awsdatacatalog.{database}.{name}' already exists");

        var columns = context.Columns(context.Prepare(query))
            .Select(col => new AthenaViews.ViewColumn(col.Name.ToLowerInvariant(), TrinoTypes.Name(col.Type), HiveTypes.FromDuckDb(col.Type)))
            .ToList();
        var input = AthenaViews.Input(name, query.Trim().TrimEnd(';').Trim(), database, columns, context.Caller);
        string Doc(long version) => CatalogDocuments.Serialize(CatalogObjects.NewTable(input, name, database, context.Account, existing?.CreateTime ?? context.Now, context.Now, context.Caller, version));
        if (existing is null) await context.Catalog.CreateTableAsync(context.Account, database, name, Doc).ConfigureAwait(false);
        else await context.Catalog.UpdateTableAsync(context.Account, database, name, Doc, skipArchive: false, expectedVersion: null).ConfigureAwait(false);
        return new StatementOutcome.None();
    }

    private async Task<StatementOutcome> DropAsync(TokenCursor c)
    {
        var ifExists = c.Accept("IF", "EXISTS");
        var (db, written) = c.QualifiedName();
        c.ExpectEnd();
        var database = context.DatabaseOf(db);
        var name = written.ToLowerInvariant();
        var row = context.Catalog.GetTable(context.Account, database, name);
        if (row is null)
            return ifExists ? new StatementOutcome.None() : throw new SqlException("TABLE_NOT_FOUND", $"line 1:1: View 'awsdatacatalog.{database}.{name}' does not exist");
        if (CatalogDocuments.Deserialize<Table>(row.Value.Doc).TableType != AthenaViews.TableType)
            throw new SqlException("TABLE_NOT_FOUND", $"line 1:1: View 'awsdatacatalog.{database}.{name}' does not exist: it is a table, drop it with DROP TABLE");
        await context.Catalog.DeleteTableAsync(context.Account, database, name).ConfigureAwait(false);
        return new StatementOutcome.None();
    }

    private StatementOutcome Show(TokenCursor c)
    {
        var database = c.Accept("IN") || c.Accept("FROM") ? c.Identifier().ToLowerInvariant() : context.Database;
        var pattern = c.Accept("LIKE") || c.Peek()?.Kind == SqlTokenKind.String ? c.StringLiteral() : null;
        c.ExpectEnd();
        context.RequireDatabase(database);
        var names = context.Catalog.ListTables(context.Account, database, null, int.MaxValue)
            .Where(t => CatalogDocuments.Deserialize<Table>(t.Doc).TableType == AthenaViews.TableType)
            .Select(t => t.Name)
            .Where(CatalogNames.GlobMatcher(pattern))
            .ToList();
        return new StatementOutcome.Text("views", names);
    }

    private StatementOutcome ShowCreate(TokenCursor c)
    {
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var view = context.RequireTable(db, name);
        var qualified = $"awsdatacatalog.{view.DatabaseName}.{view.Name}";
        if (view.TableType != AthenaViews.TableType) throw new SqlException("NOT_SUPPORTED", $"Relation '{qualified}' is a table, not a view");
        var text = $"CREATE VIEW {qualified} AS\n{AthenaViews.Sql(view, qualified)}";
        return new StatementOutcome.Text("Create View", text.Split('\n'));
    }
}
