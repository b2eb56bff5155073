using Basin.Sql;
using Basin.Sql.Lake;
using Basin.Sql.Trino;

namespace Basin.Tests.Sql;

/// <summary>
/// Athena's JSON SerDes match keys to columns ignoring case (OpenX's case.insensitive defaults to
/// TRUE), honour mapping.* and dots.in.keys, and refuse an object whose keys collide once lowercased.
/// DuckDB alone matches exactly, so these cover what Basin adds: files read natively with their own
/// spellings, and files mixing spellings read row by row.
/// </summary>
public sealed class JsonKeyMatchingTests : LakeEngineTest
{
    private sealed class Binder(LakeTable table) : ITableBinder
    {
        public BoundRelation Bind(TableReference reference, string sql) => new BoundTable(reference.Table, table, null, _ => table.Files);
    }

    private LakeFile File(string lines)
    {
        var path = Path.Combine(Lake, Guid.NewGuid() + ".json");
        System.IO.File.WriteAllText(path, lines);
        return new LakeFile(path, lines.Length, []);
    }

    private List<string?[]> Rows(string sql, LakeTable table)
    {
        using var session = Engine.OpenSession();
        var (rows, _) = TrinoQuery.Run(session, sql, new Binder(table));
        using (rows) return [.. rows.Read()];
    }

    private static LakeTable Table(params LakeFile[] files) => new()
    {
        Columns = [("userid", "bigint"), ("eventtype", "string")],
        Format = LakeFormat.Json,
        Files = files,
    };

    [Fact]
    public void Keys_match_columns_ignoring_case_whatever_spelling_each_file_uses()
    {
        var camel = File("{\"userId\": 1, \"eventType\": \"click\"}\n{\"userId\": 2}\n");
        var upper = File("{\"USERID\": 3, \"EVENTTYPE\": \"view\"}\n");
        var mixed = File("{\"userId\": 4, \"eventtype\": \"buy\"}\n{\"UserID\": 5, \"EventType\": \"sell\"}\n");
        var rows = Rows("SELECT userid, eventtype FROM t ORDER BY userid", Table(camel, upper, mixed));
        Assert.Equal(
            [["1", "click"], ["2", null], ["3", "view"], ["4", "buy"], ["5", "sell"]],
            rows.Select(r => r.ToArray()).ToList());

        Assert.Equal("5", Rows("SELECT count(userid) FROM t", Table(camel, upper, mixed))[0][0]);
    }

    [Fact]
    public void Each_file_is_scanned_for_its_keys_once()
    {
        var catalog = new JsonKeyCatalog();
        var scanned = new List<string>();
        IEnumerable<(string, string, bool)> Scan(IReadOnlyList<string> files)
        {
            scanned.AddRange(files);
            return files.Select(f => (f, "userId", false));
        }

        var first = new LakeFile("/lake/a.json", 10, []);
        var second = new LakeFile("/lake/b.json", 10, []);
        Assert.Equal(["userId"], catalog.KeysOf([first], Scan)[first.Path].Names);
        var both = catalog.KeysOf([first, second], Scan);
        Assert.Equal(["userId"], both[second.Path].Names);
        Assert.Equal([first.Path, second.Path], scanned);

        // The same path with another size is another object: scanned again.
        catalog.KeysOf([first with { Size = 11 }], Scan);
        Assert.Equal(3, scanned.Count);
    }

    [Fact]
    public void Struct_members_match_keys_ignoring_case_at_every_depth()
    {
        var camel = File("{\"id\": 1, \"user\": {\"userId\": 7, \"Profile\": {\"Name\": \"ann\"}, \"tags\": [{\"K\": 1}, {\"k\": 2}]}, \"attrs\": {\"Color\": \"red\"}}\n" +
            "{\"id\": 2, \"user\": null}\n{\"id\": 3, \"user\": \"not an object\"}\n");
        var lower = File("{\"id\": 4, \"user\": {\"userid\": 8, \"profile\": {\"name\": \"bob\"}, \"tags\": []}}\n");
        var table = new LakeTable
        {
            Columns = [("id", "int"), ("user", "struct<userid:int,profile:struct<name:string>,tags:array<struct<k:int>>>"), ("attrs", "map<string,string>")],
            Format = LakeFormat.Json,
            Files = [camel, lower],
        };
        var rows = Rows("SELECT id, \"user\".userid, \"user\".profile.name, transform(\"user\".tags, t -> t.k), attrs FROM t ORDER BY id", table);
        Assert.Equal(
            [["1", "7", "ann", "[1, 2]", "{Color=red}"], ["2", null, null, null, null], ["3", null, null, null, null], ["4", "8", "bob", "[]", null]],
            rows.Select(r => r.ToArray()).ToList());
    }

    [Fact]
    public void Gzipped_files_are_discovered_and_read_the_same_way()
    {
        var path = Path.Combine(Lake, Guid.NewGuid() + ".json.gz");
        using (var gzip = new System.IO.Compression.GZipStream(System.IO.File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write("{\"userId\": 9, \"eventType\": \"zip\"}\n"u8);
        }

        var rows = Rows("SELECT userid, eventtype FROM t", Table(new LakeFile(path, new FileInfo(path).Length, [])));
        Assert.Equal<string?[]>([["9", "zip"]], rows);
    }

    [Fact]
    public void Keys_that_collide_once_lowercased_fail_like_the_openx_serde()
    {
        var e = Assert.Throws<SqlException>(() => Rows("SELECT * FROM t", Table(File("{\"userId\": 1, \"USERID\": 2}\n"))));
        Assert.Equal("HIVE_CURSOR_ERROR", e.ErrorName);
        Assert.Contains("Duplicate key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_sensitive_tables_read_exact_keys_and_their_mappings()
    {
        var file = File("{\"url\": \"a\", \"URL\": \"b\", \"userId\": 7}\n");
        var table = new LakeTable
        {
            Columns = [("url", "string"), ("url2", "string"), ("userid", "bigint")],
            Format = LakeFormat.Json,
            Files = [file],
            JsonCaseInsensitive = false,
            JsonKeyMappings = new Dictionary<string, string> { ["url2"] = "URL" },
        };

        // Without a mapping, userId does not fill userid once matching is case-sensitive.
        Assert.Equal<string?[]>([["a", "b", null]], Rows("SELECT url, url2, userid FROM t", table));
    }

    [Fact]
    public void Dots_in_keys_become_underscores_when_asked()
    {
        var table = new LakeTable
        {
            Columns = [("a_b", "int")],
            Format = LakeFormat.Json,
            Files = [File("{\"a.b\": 3}\n{\"A.B\": 4}\n")],
            JsonDotsInKeys = true,
        };
        Assert.Equal(["3", "4"], Rows("SELECT a_b FROM t ORDER BY a_b", table).Select(r => r[0]));
    }
}
