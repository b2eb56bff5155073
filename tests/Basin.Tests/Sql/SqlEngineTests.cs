using Basin.Sql;
using Basin.Sql.Lake;
using Basin.Sql.Trino;

namespace Basin.Tests.Sql;

/// <summary>The SQL layer on a real DuckDB: sandbox, Trino rewrites, Hive scans, Athena's value text.</summary>
public sealed class SqlEngineTests : LakeEngineTest
{
    private sealed class Binder(Dictionary<string, LakeTable> tables) : ITableBinder
    {
        public BoundRelation Bind(TableReference reference, string sql)
        {
            if (!tables.TryGetValue(reference.Table.ToLowerInvariant(), out var t))
                throw SqlErrors.TableNotFound(sql, reference.Offset, "awsdatacatalog.default." + reference.Table.ToLowerInvariant());
            if (t.PartitionKeys.Count == 0) return new BoundTable(reference.Table, t, null, _ => t.Files);
            var partitions = t.Files.Select(f => f.PartitionValues).DistinctBy(v => string.Join('/', v)).Select(v => new LakePartition(v, null)).ToList();
            return new BoundTable(reference.Table, t, partitions, kept =>
                [.. t.Files.Where(f => (kept ?? partitions).Any(p => p.Values.SequenceEqual(f.PartitionValues)))]);
        }
    }

    private List<string?[]> Rows(string sql, Dictionary<string, LakeTable>? tables = null) => Run(sql, tables).Rows;

    private (List<string?[]> Rows, long Scanned) Run(string sql, Dictionary<string, LakeTable>? tables = null)
    {
        using var session = Engine.OpenSession();
        var (rows, scanned) = TrinoQuery.Run(session, sql, new Binder(tables ?? []));
        using (rows) return ([.. rows.Read()], scanned);
    }

    private LakeTable Csv(string text, params (string, string)[] columns)
    {
        var path = Path.Combine(Lake, Guid.NewGuid() + ".csv");
        File.WriteAllText(path, text);
        return new LakeTable { Columns = columns, Format = LakeFormat.DelimitedText, Delimiter = ",", Files = [new LakeFile(path, text.Length, [])] };
    }

    [Fact]
    public void Text_integers_read_as_hive_reads_them()
    {
        // Clean files are read typed, others as text: both give Hive's values, not DuckDB's casts.
        var dirty = Csv("1,+5,4.9\n2, 4 ,1e3\n3,0x10,1_000\n4,99999999999,-4.5\n", ("id", "int"), ("a", "int"), ("b", "bigint"));
        var rows = Rows("SELECT a, b FROM t ORDER BY id", new() { ["t"] = dirty });
        Assert.Equal([["5", "4"], [null, null], [null, null], [null, "-4"]], rows);
        var clean = Csv("1,2,3\n", ("id", "tinyint"), ("a", "smallint"), ("b", "bigint"));
        AssertRow(["1", "2", "3"], Rows("SELECT * FROM t", new() { ["t"] = clean })[0]);
        var flags = Csv("1,true\n2,FALSE\n3,t\n4,1\n5,yes\n", ("id", "int"), ("ok", "boolean"));
        Assert.Equal([["true"], ["false"], [null], [null], [null]], Rows("SELECT ok FROM t ORDER BY id", new() { ["t"] = flags }));
    }

    [Fact]
    public void Binary_json_values_of_avro_tables_are_base64()
    {
        var path = Path.Combine(Lake, Guid.NewGuid() + ".json");
        File.WriteAllText(path, "{\"id\": 1, \"raw\": \"AP9hYg==\"}\n{\"id\": 2, \"raw\": null}\n");
        var table = new LakeTable { Columns = [("id", "int"), ("raw", "binary")], Format = LakeFormat.Json, BinaryAsBase64 = true, Files = [new LakeFile(path, 40, [])] };
        var rows = Rows("SELECT id, raw, length(raw) FROM t ORDER BY id", new() { ["t"] = table });
        AssertRow(["1", "00 ff 61 62", "4"], rows[0]);
        AssertRow(["2", null, null], rows[1]);
    }

    [Fact]
    public void Values_render_as_Athena_returns_them()
    {
        var row = Rows("SELECT 7/2, 1e7, 0.5e0, DECIMAL '12.50', DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.1', ARRAY[1,2], MAP(ARRAY['k'], ARRAY[1]), CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR)), NULL, true")[0];
        AssertRow(["3", "1.0E7", "0.5", "12.50", "2024-01-02", "2024-01-02 03:04:05.100", "[1, 2]", "{k=1}", "{a=1, b=x}", null, "true"], row);
    }

    [Theory]
    [InlineData(100.0, "100.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(1.5e-4, "1.5E-4")]
    [InlineData(0.001, "0.001")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(double.NaN, "NaN")]
    public void Doubles_follow_java(double value, string expected) => Assert.Equal(expected, Basin.Sql.Results.JavaNumbers.Format(value));

    [Fact]
    public void Trino_functions_are_translated()
    {
        var row = Rows("SELECT transform(ARRAY[1,2], x -> x + 1), regexp_replace('a1b2', '(\\d)', '<$1>'), concat('a', NULL), date_add('day', 1, TIMESTAMP '2024-01-31 00:00:00'), approx_distinct(1)")[0];
        AssertRow(["[2, 3]", "a<1>b<2>", null, "2024-02-01 00:00:00.000", "1"], row);
    }

    [Fact]
    public void Delimited_text_has_hive_semantics()
    {
        var table = Csv("1,x,2.5\nbad,,\n3\n4,y,1,extra\n", ("id", "int"), ("tag", "string"), ("amount", "double"));
        var rows = Rows("SELECT id, tag, amount FROM t", new() { ["t"] = table });
        Assert.Equal([["1", "x", "2.5"], [null, "", null], ["3", null, null], ["4", "y", "1.0"]], rows);
    }

    [Fact]
    public void Clean_text_files_read_typed_and_a_file_with_a_bad_field_falls_back_to_text()
    {
        var clean = Csv("1,2.5\n2,3.5\n", ("id", "int"), ("amount", "double"));
        var dirty = Csv("3,oops\n4,1e1\n", ("id", "int"), ("amount", "double"));
        var table = clean with { Files = [.. clean.Files, .. dirty.Files] };
        var expected = new List<string?[]> { new[] { "1", "2.5" }, new[] { "2", "3.5" }, new[] { "3", null }, new[] { "4", "10.0" } };

        // The first run fails typed on the dirty file and repeats with it read as text; the second knows already.
        for (var run = 0; run < 2; run++)
            Assert.Equal(expected, Rows("SELECT id, amount FROM t ORDER BY id", new() { ["t"] = table }));

        var reads = new TypedTextReads();
        Assert.Contains("'c1': 'DOUBLE'", LakeScanSql.For(table, reads), StringComparison.Ordinal);
        using var session = Engine.OpenSession();
        var failure = Assert.Throws<Basin.DuckDb.DuckDbException>(() => session.Query($"SELECT * FROM ({LakeScanSql.For(dirty, reads)})"));
        Assert.Equal(dirty.Files[0].Path, reads.RememberFailure(failure));
        var scan = LakeScanSql.For(table, reads);
        Assert.Contains("'c1': 'DOUBLE'", scan, StringComparison.Ordinal);
        Assert.Contains("TRY_CAST(c1 AS DOUBLE)", scan, StringComparison.Ordinal);
        Assert.Null(reads.RememberFailure(new Basin.DuckDb.DuckDbException("Binder Error: no such column", Basin.DuckDb.Native.DuckDbErrorType.Binder)));
    }

    [Fact]
    public void Unnamed_columns_are_named_by_position_even_through_a_cte() =>
        Assert.Equal(["_col1"], ColumnNames("WITH c AS (SELECT 1 AS a, 2 + 3) SELECT \"_col1\" FROM c"));

    [Fact]
    public void Files_outside_catalog_tables_are_refused()
    {
        var e = Assert.Throws<SqlException>(() => Rows("SELECT * FROM read_csv('/etc/passwd')"));
        Assert.Equal("FUNCTION_NOT_FOUND", e.ErrorName);
        var unknown = Assert.Throws<SqlException>(() => Rows("SELECT * FROM nowhere"));
        Assert.Equal("TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.nowhere' does not exist", unknown.Reason);
    }

    [Fact]
    public void Sandbox_settings_cannot_be_changed()
    {
        using var session = Engine.OpenSession();
        Assert.Throws<Basin.DuckDb.DuckDbException>(() => session.Execute("SET enable_external_access = true"));
        Assert.Throws<Basin.DuckDb.DuckDbException>(() => session.Execute("SELECT * FROM read_text('/etc/hostname')"));
    }

    [Fact]
    public void Syntax_errors_point_at_the_token()
    {
        var e = Assert.Throws<SqlException>(() => Rows("SELECT *\nFROM order"));
        Assert.Equal("SYNTAX_ERROR: line 2:6: mismatched input 'order'", e.Reason);
    }

    [Fact]
    public void Partition_predicates_prune_what_is_read()
    {
        var sales = Partitioned(("2024", "1,10\n2,20\n"), ("2025", "3,30\n"), (LakeScanSql.HiveDefaultPartition, "4,40\n"));
        var tables = new Dictionary<string, LakeTable> { ["sales"] = sales };
        var size2025 = sales.Files.Single(f => f.PartitionValues[0] == "2025").Size;

        var (rows, scanned) = Run("SELECT id FROM sales WHERE year = 2025 AND amount > 0", tables);
        Assert.Equal(["3"], rows.Select(r => r[0]));
        Assert.Equal(size2025, scanned);

        // Functions and casts evaluate as in the query; NULL (Hive's default partition) is kept only where the predicate holds.
        (rows, scanned) = Run("SELECT id FROM sales s WHERE CAST(s.year AS varchar) LIKE '202%' OR s.year IS NULL ORDER BY id", tables);
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r[0]));
        Assert.Equal(sales.Files.Sum(f => f.Size), scanned);

        // A predicate mixing partition and data columns prunes nothing, and the answer is still right.
        (rows, scanned) = Run("SELECT id FROM sales WHERE year = 2024 OR amount = 30 ORDER BY id", tables);
        Assert.Equal(["1", "2", "3"], rows.Select(r => r[0]));
        Assert.Equal(sales.Files.Sum(f => f.Size), scanned);
    }

    [Fact]
    public void Outer_joins_do_not_prune_the_null_supplying_side()
    {
        var tables = new Dictionary<string, LakeTable>
        {
            ["sales"] = Partitioned(("2024", "1,10\n"), ("2025", "2,20\n")),
            ["ids"] = Csv("1\n2\n", ("id", "int")),
        };
        // Pruning "sales" to year IS NULL would turn every matched row into an unmatched one.
        var rows = Rows("SELECT i.id FROM ids i LEFT JOIN sales s ON i.id = s.id WHERE s.year IS NULL", tables);
        Assert.Empty(rows);
    }

    private LakeTable Partitioned(params (string Year, string Rows)[] partitions)
    {
        var files = partitions.Select(p =>
        {
            var path = Path.Combine(Lake, Guid.NewGuid() + ".csv");
            File.WriteAllText(path, p.Rows);
            return new LakeFile(path, p.Rows.Length, [p.Year]);
        }).ToList();
        return new LakeTable { Columns = [("id", "int"), ("amount", "int")], PartitionKeys = [("year", "int")], Format = LakeFormat.DelimitedText, Delimiter = ",", Files = files };
    }

    [Fact]
    public void Subscripts_fail_where_trino_fails_and_try_makes_them_null()
    {
        Assert.Equal("INVALID_FUNCTION_ARGUMENT", Assert.Throws<SqlException>(() => Rows("SELECT split('a-b', '-')[3]")).ErrorName);
        Assert.Equal("INVALID_FUNCTION_ARGUMENT", Assert.Throws<SqlException>(() => Rows("SELECT MAP(ARRAY['a'], ARRAY[1])['z']")).ErrorName);
        AssertRow(["NULL", "b", "NULL", "3", "NULL"], Rows("SELECT try(split('a-b', '-')[3]), split('a-b', '-')[2], ARRAY[1, NULL][2], element_at(ARRAY[1, 2, 3], -1), element_at(ARRAY[1], 5)")[0]);
    }

    [Fact]
    public void Unnest_spreads_rows_and_catalog_maps_into_columns()
    {
        var path = Path.Combine(Lake, Guid.NewGuid() + ".json");
        File.WriteAllText(path, """{"id": 1, "tags": {"env": "prod", "team": "data"}, "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 5}]}""" + "\n");
        var table = new LakeTable
        {
            Columns = [("id", "int"), ("tags", "map<string,string>"), ("items", "array<struct<sku:string,qty:int>>")],
            Format = LakeFormat.Json,
            Files = [new LakeFile(path, new FileInfo(path).Length, [])],
        };
        var tables = new Dictionary<string, LakeTable> { ["orders"] = table };

        var tags = Rows("SELECT id, k, v FROM orders CROSS JOIN UNNEST(tags) AS t(k, v) ORDER BY k", tables);
        Assert.Equal(["1 | env | prod", "1 | team | data"], tags.Select(r => string.Join(" | ", r)));
        var items = Rows("SELECT sku, qty, n FROM orders CROSS JOIN UNNEST(items) WITH ORDINALITY AS t(sku, qty, n) ORDER BY n", tables);
        Assert.Equal(["a | 2 | 1", "b | 5 | 2"], items.Select(r => string.Join(" | ", r)));
    }

    [Fact]
    public void Trino_syntax_duckdb_lacks_is_rewritten_before_parsing()
    {
        AssertRow(["[1, 2]", "{a=[1]}", "[[1], [2, 3]]"], Rows("SELECT CAST(json_parse('[1, 2]') AS array(integer)), CAST(MAP(ARRAY['a'], ARRAY[ARRAY[1]]) AS map(varchar, array(bigint))), CAST(json_parse('[[1], [2, 3]]') AS array(array(integer)))")[0]);
        Assert.Equal(["2", "6", "4"], Rows("SELECT x FROM (VALUES 1 + 1, (2) * 3, (4)) t(x)").Select(r => r[0]!));
    }

    private static void AssertRow(string?[] expected, string?[] actual) =>
        Assert.Equal(string.Join(" | ", expected.Select(v => v ?? "NULL")), string.Join(" | ", actual.Select(v => v ?? "NULL")));

    private List<string> ColumnNames(string sql)
    {
        using var session = Engine.OpenSession();
        var (rows, _) = TrinoQuery.Run(session, sql, new Binder([]));
        using (rows) return [.. rows.Columns.Select(c => c.Name)];
    }
}
