using Basin.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.Catalog;

/// <summary>
/// The Glue Data Catalog's persistence: databases, tables and archived table versions as JSON
/// documents (the service's own shapes) in SQLite, keyed by catalog id (the account) and
/// lower-cased names. Names order by UTF-8 bytes, so listings are stable for paging.
/// </summary>
public sealed class CatalogStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS databases(catalog TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(catalog, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS tables(catalog TEXT NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(catalog, db, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS table_versions(catalog TEXT NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(catalog, db, name, version)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS documents(catalog TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(catalog, kind, scope, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS partitions(catalog TEXT NOT NULL, db TEXT NOT NULL, tbl TEXT NOT NULL, vals TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(catalog, db, tbl, vals)) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _db;

    public CatalogStore(string root)
    {
        Directory.CreateDirectory(root);
        _db = new SqliteDatabase(Path.Combine(root, "catalog.db"), Schema);
    }

    // ---- databases ---------------------------------------------------------------------------

    public Task<bool> CreateDatabaseAsync(string catalog, string name, string doc) => _db.WriteAsync(c =>
    {
        if (Scalar(c, "SELECT 1 FROM databases WHERE catalog=$c AND name=$n", ("$c", catalog), ("$n", name)) is not null) return false;
        Execute(c, "INSERT INTO databases VALUES($c,$n,$d)", ("$c", catalog), ("$n", name), ("$d", doc));
        return true;
    });

    public string? GetDatabase(string catalog, string name) =>
        _db.Read(c => Scalar(c, "SELECT doc FROM databases WHERE catalog=$c AND name=$n", ("$c", catalog), ("$n", name)) as string);

    /// <summary>Databases after <paramref name="after"/> in name order, at most <paramref name="limit"/>.</summary>
    public List<(string Name, string Doc)> ListDatabases(string catalog, string? after, int limit) =>
        _db.Read(c => Rows(c, "SELECT name, doc FROM databases WHERE catalog=$c AND name > $a ORDER BY name LIMIT $l", ("$c", catalog), ("$a", after ?? string.Empty), ("$l", limit)));

    public Task<bool> UpdateDatabaseAsync(string catalog, string name, string doc) => _db.WriteAsync(c =>
        Execute(c, "UPDATE databases SET doc=$d WHERE catalog=$c AND name=$n", ("$c", catalog), ("$n", name), ("$d", doc)) > 0);

    /// <summary>Deletes a database with all its tables and table versions.</summary>
    public Task<bool> DeleteDatabaseAsync(string catalog, string name) => _db.WriteAsync(c =>
    {
        Execute(c, "DELETE FROM tables WHERE catalog=$c AND db=$n", ("$c", catalog), ("$n", name));
        Execute(c, "DELETE FROM table_versions WHERE catalog=$c AND db=$n", ("$c", catalog), ("$n", name));
        Execute(c, "DELETE FROM partitions WHERE catalog=$c AND db=$n", ("$c", catalog), ("$n", name));
        Execute(c, "DELETE FROM documents WHERE catalog=$c AND (scope=$n OR scope LIKE $p ESCAPE '\\')", ("$c", catalog), ("$n", name), ("$p", EscapeLike(name) + "/%"));
        return Execute(c, "DELETE FROM databases WHERE catalog=$c AND name=$n", ("$c", catalog), ("$n", name)) > 0;
    });

    // ---- tables ------------------------------------------------------------------------------

    /// <summary>Creates a table at version 0; false if it exists. Throws if the database is gone.</summary>
    public Task<bool> CreateTableAsync(string catalog, string db, string name, Func<long, string> doc) => _db.WriteAsync(c =>
    {
        RequireDatabase(c, catalog, db);
        if (Scalar(c, "SELECT 1 FROM tables WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name)) is not null) return false;
        Execute(c, "INSERT INTO tables VALUES($c,$d,$n,0,$j)", ("$c", catalog), ("$d", db), ("$n", name), ("$j", doc(0)));
        return true;
    });

    public (long Version, string Doc)? GetTable(string catalog, string db, string name) => _db.Read(c =>
    {
        var row = Rows(c, "SELECT version, doc FROM tables WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name));
        return row.Count == 0 ? ((long, string)?)null : (long.Parse(row[0].Name, System.Globalization.CultureInfo.InvariantCulture), row[0].Doc);
    });

    public List<(string Name, string Doc)> ListTables(string catalog, string db, string? after, int limit) =>
        _db.Read(c => Rows(c, "SELECT name, doc FROM tables WHERE catalog=$c AND db=$d AND name > $a ORDER BY name LIMIT $l", ("$c", catalog), ("$d", db), ("$a", after ?? string.Empty), ("$l", limit)));

    /// <summary>
    /// Replaces a table's definition with the next version; unless <paramref name="skipArchive"/>,
    /// the previous one is kept as a table version. With <paramref name="expectedVersion"/> the
    /// update is refused (null result) if the table moved on meanwhile.
    /// </summary>
    public Task<long?> UpdateTableAsync(string catalog, string db, string name, Func<long, string> doc, bool skipArchive, long? expectedVersion) => _db.WriteAsync(c =>
    {
        var current = Rows(c, "SELECT version, doc FROM tables WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name));
        if (current.Count == 0) throw new KeyNotFoundException(name);
        var version = long.Parse(current[0].Name, System.Globalization.CultureInfo.InvariantCulture);
        if (expectedVersion is { } expected && expected != version) return (long?)null;
        if (!skipArchive)
        {
            Execute(c, "INSERT OR REPLACE INTO table_versions VALUES($c,$d,$n,$v,$j)", ("$c", catalog), ("$d", db), ("$n", name), ("$v", version), ("$j", current[0].Doc));
        }

        Execute(c, "UPDATE tables SET version=$v, doc=$j WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name), ("$v", version + 1), ("$j", doc(version + 1)));
        return version + 1;
    });

    public Task<bool> DeleteTableAsync(string catalog, string db, string name) => _db.WriteAsync(c =>
    {
        Execute(c, "DELETE FROM table_versions WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name));
        Execute(c, "DELETE FROM partitions WHERE catalog=$c AND db=$d AND tbl=$n", ("$c", catalog), ("$d", db), ("$n", name));
        Execute(c, "DELETE FROM documents WHERE catalog=$c AND scope=$s", ("$c", catalog), ("$s", TableScope(db, name)));
        return Execute(c, "DELETE FROM tables WHERE catalog=$c AND db=$d AND name=$n", ("$c", catalog), ("$d", db), ("$n", name)) > 0;
    });

    /// <summary>Archived versions, newest first (the current one is not among them).</summary>
    public List<(long Version, string Doc)> TableVersions(string catalog, string db, string name) => _db.Read(c =>
        Rows(c, "SELECT version, doc FROM table_versions WHERE catalog=$c AND db=$d AND name=$n ORDER BY version DESC", ("$c", catalog), ("$d", db), ("$n", name))
            .Select(r => (long.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), r.Doc)).ToList());

    public Task<bool> DeleteTableVersionAsync(string catalog, string db, string name, long version) => _db.WriteAsync(c =>
        Execute(c, "DELETE FROM table_versions WHERE catalog=$c AND db=$d AND name=$n AND version=$v", ("$c", catalog), ("$d", db), ("$n", name), ("$v", version)) > 0);

    // ---- other named objects: connections, functions, tags -----------------------------------

    /// <summary>
    /// Stores a named document of some kind (connection, function, ...) within a scope (a database
    /// name, or empty). With <paramref name="create"/>, an existing one is not replaced (false).
    /// </summary>
    public Task<bool> PutDocumentAsync(string catalog, string kind, string scope, string name, string doc, bool create) => _db.WriteAsync(c =>
    {
        var exists = Scalar(c, "SELECT 1 FROM documents WHERE catalog=$c AND kind=$k AND scope=$s AND name=$n", ("$c", catalog), ("$k", kind), ("$s", scope), ("$n", name)) is not null;
        if (create == exists) return false;
        Execute(c, "INSERT OR REPLACE INTO documents VALUES($c,$k,$s,$n,$d)", ("$c", catalog), ("$k", kind), ("$s", scope), ("$n", name), ("$d", doc));
        return true;
    });

    public string? GetDocument(string catalog, string kind, string scope, string name) =>
        _db.Read(c => Scalar(c, "SELECT doc FROM documents WHERE catalog=$c AND kind=$k AND scope=$s AND name=$n", ("$c", catalog), ("$k", kind), ("$s", scope), ("$n", name)) as string);

    public List<(string Name, string Doc)> ListDocuments(string catalog, string kind, string scope, string? after, int limit) =>
        _db.Read(c => Rows(c, "SELECT name, doc FROM documents WHERE catalog=$c AND kind=$k AND scope=$s AND name > $a ORDER BY name LIMIT $l", ("$c", catalog), ("$k", kind), ("$s", scope), ("$a", after ?? string.Empty), ("$l", limit)));

    /// <summary>The catalogs (accounts) holding documents of a kind: what background work (crawler schedules) walks.</summary>
    public List<string> Catalogs(string kind) =>
        _db.Read(c => Rows(c, "SELECT DISTINCT catalog, '' FROM documents WHERE kind=$k", ("$k", kind)).Select(r => r.Name).ToList());

    public Task<bool> DeleteDocumentAsync(string catalog, string kind, string scope, string name) => _db.WriteAsync(c =>
        Execute(c, "DELETE FROM documents WHERE catalog=$c AND kind=$k AND scope=$s AND name=$n", ("$c", catalog), ("$k", kind), ("$s", scope), ("$n", name)) > 0);

    // ---- partitions (keyed by their values, JSON-encoded) --------------------------------------

    /// <summary>Adds a partition; false if one with the same values exists. Throws if the table is gone.</summary>
    public Task<bool> CreatePartitionAsync(string catalog, string db, string table, string values, string doc) => _db.WriteAsync(c =>
    {
        if (Scalar(c, "SELECT 1 FROM tables WHERE catalog=$c AND db=$d AND name=$t", ("$c", catalog), ("$d", db), ("$t", table)) is null) throw new KeyNotFoundException(table);
        if (Scalar(c, "SELECT 1 FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values)) is not null) return false;
        Execute(c, "INSERT INTO partitions VALUES($c,$d,$t,$v,$j)", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values), ("$j", doc));
        return true;
    });

    public string? GetPartition(string catalog, string db, string table, string values) =>
        _db.Read(c => Scalar(c, "SELECT doc FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values)) as string);

    /// <summary>A table's partitions after <paramref name="after"/> in values order, at most <paramref name="limit"/>.</summary>
    public List<(string Values, string Doc)> ListPartitions(string catalog, string db, string table, string? after, int limit) =>
        _db.Read(c => Rows(c, "SELECT vals, doc FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals > $a ORDER BY vals LIMIT $l", ("$c", catalog), ("$d", db), ("$t", table), ("$a", after ?? string.Empty), ("$l", limit)));

    /// <summary>Replaces a partition (its values may change); false if it does not exist, or the new values are taken.</summary>
    public Task<bool> UpdatePartitionAsync(string catalog, string db, string table, string values, string newValues, string doc) => _db.WriteAsync(c =>
    {
        if (Scalar(c, "SELECT 1 FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values)) is null) return false;
        if (newValues != values && Scalar(c, "SELECT 1 FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", newValues)) is not null) return false;
        Execute(c, "DELETE FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values));
        Execute(c, "INSERT INTO partitions VALUES($c,$d,$t,$v,$j)", ("$c", catalog), ("$d", db), ("$t", table), ("$v", newValues), ("$j", doc));
        return true;
    });

    public Task<bool> DeletePartitionAsync(string catalog, string db, string table, string values) => _db.WriteAsync(c =>
        Execute(c, "DELETE FROM partitions WHERE catalog=$c AND db=$d AND tbl=$t AND vals=$v", ("$c", catalog), ("$d", db), ("$t", table), ("$v", values)) > 0);

    /// <summary>The scope of documents that belong to a table (partition indexes), removed with it.</summary>
    public static string TableScope(string db, string table) => db + "/" + table;

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static void RequireDatabase(SqliteConnection c, string catalog, string db)
    {
        if (Scalar(c, "SELECT 1 FROM databases WHERE catalog=$c AND name=$n", ("$c", catalog), ("$n", db)) is null) throw new KeyNotFoundException(db);
    }

    private static object? Scalar(SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = SqliteDatabase.Command(c, sql, args);
        return cmd.ExecuteScalar();
    }

    private static int Execute(SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = SqliteDatabase.Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Two-column rows (the first converted to text).</summary>
    private static List<(string Name, string Doc)> Rows(SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = SqliteDatabase.Command(c, sql, args);
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read()) rows.Add((Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!, r.GetString(1)));
        return rows;
    }

    public void Dispose() => _db.Dispose();
}
