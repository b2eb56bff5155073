using Basin.DuckDb;
using Basin.Sql.Lake;

namespace Basin.Sql;

/// <summary>
/// The one DuckDB instance behind Athena (and later Redshift and S3 Select), in memory, sandboxed
/// at start-up: file access only under <see cref="SqlEngineOptions.AllowedDirectories"/> (the
/// lake's object files and Basin's scratch space), no extension loading, Trino's integer
/// division, and the configuration locked so no statement can loosen any of it.
/// Each query gets its own connection (<see cref="OpenSession"/>): cheap in DuckDB, and temporary
/// views bound for one query are invisible to every other.
/// </summary>
public sealed class SqlEngine : IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly TypedTextReads _typedReads = new();
    private readonly JsonKeyCatalog _jsonKeys = new();

    public SqlEngine(SqlEngineOptions options)
    {
        Directory.CreateDirectory(options.TempDirectory);
        ScratchDirectory = options.TempDirectory;
        var settings = new Dictionary<string, string>
        {
            ["autoinstall_known_extensions"] = "false",
            ["autoload_known_extensions"] = "false",
            ["temp_directory"] = options.TempDirectory,
        };
        if (options.Threads is { } threads) settings["threads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.MemoryLimit is { } memory) settings["memory_limit"] = memory;
        _database = DuckDbDatabase.Open(null, settings);

        // allowed_directories only takes effect once external access is off, and both can only be
        // set from SQL on a running database; GLOBAL so every connection has them, and the lock
        // then makes every later SET fail.
        using var setup = _database.Connect();
        var allowed = string.Join(", ", options.AllowedDirectories.Append(options.TempDirectory).Select(d => SqlText.Literal(WithSlash(d))));
        setup.Execute($"SET GLOBAL allowed_directories = [{allowed}]");
        setup.Execute("SET GLOBAL enable_external_access = false");
        setup.Execute("SET GLOBAL integer_division = true");
        CollectionSizeFunction.Register(setup, "trino_cardinality", Trino.TrinoMacros.CardinalityTypeError);
        RegexGroupsFunction.Register(setup, Lake.LakeScanSql.RegexGroupsFunction);
        HiveIntegerFunction.Register(setup, Lake.LakeScanSql.HiveIntegerFunction);
        foreach (var macro in Trino.TrinoMacros.Definitions.Concat(Trino.CollectionMacros.Definitions).Concat(Trino.TextMacros.Definitions)) setup.Execute(macro);
        setup.Execute("SET GLOBAL lock_configuration = true");
    }

    /// <summary>Basin's scratch space inside the sandbox: where the engine spills and where writes are staged.</summary>
    public string ScratchDirectory { get; }

    public SqlSession OpenSession() => new(_database.Connect(), _typedReads, _jsonKeys);

    public void Dispose() => _database.Dispose();

    private static string WithSlash(string directory) => directory.EndsWith('/') ? directory : directory + "/";
}

public sealed class SqlEngineOptions
{
    /// <summary>Directories whose files queries may read and write (the lake's object files, result scratch space).</summary>
    public required IReadOnlyList<string> AllowedDirectories { get; init; }

    /// <summary>Where DuckDB spills when a query outgrows memory.</summary>
    public required string TempDirectory { get; init; }

    public int? Threads { get; init; }

    /// <summary>DuckDB's memory_limit ("4GB"); DuckDB's default (80% of RAM) when null.</summary>
    public string? MemoryLimit { get; init; }
}
