using System.Diagnostics;
using System.Globalization;
using Basin.DuckDb;

namespace Basin.Bench;

/// <summary>
/// Athena on Basin against DuckDB reading the same files directly (issue 6's target: at most
/// 1.15× DuckDB's time on queries over a second). DuckDB writes a 10M-row sales table once, as
/// plain CSV, gzip CSV, Parquet and Hive-partitioned Parquet and CSV, plus a 100k-row customer
/// dimension; the files are uploaded to Basin's S3 unchanged and declared in the catalog by
/// Athena DDL. Each query then runs through Basin's Athena API (start → SUCCEEDED, as a client
/// sees it) and in an in-process DuckDB over the local copies, with views of the same names so
/// the SQL text is identical. Best of three runs on each side, taking turns.
/// </summary>
public sealed class LakeComparison(SignedS3Client s3, AthenaWorkloads athena, string workDirectory) : IDisposable
{
    public const long Rows = 10_000_000;
    private const int Files = 8;
    private const string Bucket = "bench-lake";
    private const string Columns = "{'id': 'BIGINT', 'region': 'INTEGER', 'amount': 'DOUBLE', 'customer': 'VARCHAR', 'day': 'DATE'}";
    private const string PartitionColumns = "{'id': 'BIGINT', 'amount': 'DOUBLE', 'customer': 'VARCHAR', 'day': 'DATE'}";
    private const string CustomerColumns = "{'customer': 'VARCHAR', 'segment': 'VARCHAR'}";
    private const string TableColumns = "id bigint, region int, amount double, customer string, day date";

    private readonly DuckDbDatabase _duckDb = DuckDbDatabase.Open(null);

    public static readonly (string Name, string Sql)[] Queries =
    [
        ("CSV: count(*)", "SELECT count(*) FROM sales_csv"),
        ("CSV: filter, sum", "SELECT count(*), sum(amount) FROM sales_csv WHERE amount > 900 AND day >= DATE '2024-06-01'"),
        ("CSV: group by region", "SELECT region, count(*), sum(amount), avg(amount) FROM sales_csv GROUP BY region ORDER BY region"),
        ("gzip CSV: group by region", "SELECT region, count(*), sum(amount) FROM sales_gz GROUP BY region ORDER BY region"),
        ("Parquet: count(DISTINCT customer)", "SELECT count(DISTINCT customer) FROM sales_parquet"),
        ("Parquet: group by day, top 10", "SELECT day, sum(amount) AS total FROM sales_parquet GROUP BY day ORDER BY total DESC LIMIT 10"),
        ("Parquet: join 100k customers, group by segment", "SELECT c.segment, count(*), sum(s.amount) FROM sales_parquet s JOIN customers c ON s.customer = c.customer GROUP BY c.segment ORDER BY 1"),
        ("gzip CSV: join 100k customers, group by segment", "SELECT c.segment, count(*), sum(s.amount) FROM sales_gz s JOIN customers c ON s.customer = c.customer GROUP BY c.segment ORDER BY 1"),
        ("CSV: count(DISTINCT customer) per region", "SELECT region, count(DISTINCT customer) FROM sales_csv GROUP BY region ORDER BY region"),
        ("Parquet: self-join on id, 10M × 10M", "SELECT count(*) FROM sales_parquet a JOIN sales_parquet b ON a.id = b.id WHERE a.amount > b.amount - 1"),
        ("Parquet: best sale per customer (window)", "SELECT count(*), sum(amount) FROM (SELECT amount, row_number() OVER (PARTITION BY customer ORDER BY amount DESC, id) AS rn FROM sales_parquet) t WHERE rn = 1"),
        ("CSV: join 100k customers, group by segment", "SELECT c.segment, count(*), sum(s.amount) FROM sales_csv s JOIN customers c ON s.customer = c.customer GROUP BY c.segment ORDER BY 1"),
        ("partitioned Parquet: one region of 20 (pruned)", "SELECT count(*), sum(amount) FROM sales_parquet_by_region WHERE region = 7"),
        ("partitioned CSV: one region of 20 (pruned)", "SELECT count(*), sum(amount) FROM sales_csv_by_region WHERE region = 7"),
        ("partitioned CSV: group by region", "SELECT region, count(*), sum(amount) FROM sales_csv_by_region GROUP BY region ORDER BY region"),
    ];

    /// <summary>Writes the files with DuckDB, uploads them to Basin and declares the tables there.</summary>
    public async Task SetUpAsync()
    {
        Directory.CreateDirectory(workDirectory);
        var clock = Stopwatch.StartNew();
        using (var connection = _duckDb.Connect())
        {
            const string sales = "SELECT id, CAST(id % 20 AS INTEGER) AS region, round((id * 7919 % 100000) / 100.0, 2) AS amount, " +
                "'c' || (id * 31 % 100000) AS customer, DATE '2024-01-01' + CAST(id % 366 AS INTEGER) AS day FROM range({0}, {1}) t(id)";
            foreach (var folder in new[] { "csv", "gz", "parquet" }) Directory.CreateDirectory(Path.Combine(workDirectory, folder));
            for (var f = 0; f < Files; f++)
            {
                var slice = string.Format(CultureInfo.InvariantCulture, sales, f * Rows / Files, (f + 1) * Rows / Files);
                connection.Execute($"COPY ({slice}) TO '{workDirectory}/csv/part-{f}.csv' (HEADER false)");
                connection.Execute($"COPY ({slice}) TO '{workDirectory}/gz/part-{f}.csv.gz' (HEADER false, COMPRESSION gzip)");
                connection.Execute($"COPY ({slice}) TO '{workDirectory}/parquet/part-{f}.parquet' (FORMAT parquet)");
            }

            var all = string.Format(CultureInfo.InvariantCulture, sales, 0, Rows);
            connection.Execute($"COPY ({all}) TO '{workDirectory}/parquet_by_region' (FORMAT parquet, PARTITION_BY (region))");
            connection.Execute($"COPY ({all}) TO '{workDirectory}/csv_by_region' (HEADER false, PARTITION_BY (region))");
            Directory.CreateDirectory(Path.Combine(workDirectory, "customers"));
            connection.Execute($"COPY (SELECT 'c' || i AS customer, 'segment' || (i % 7) AS segment FROM range(100000) t(i)) TO '{workDirectory}/customers/customers.csv' (HEADER false)");
            connection.Execute(DirectViews());
        }

        Console.WriteLine($"generated {Rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        (await s3.SendAsync(HttpMethod.Put, "/" + Bucket)).Dispose();
        (await s3.SendAsync(HttpMethod.Put, "/bench-athena")).Dispose();
        foreach (var file in Directory.EnumerateFiles(workDirectory, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(workDirectory, file).Replace('\\', '/');
            await using var stream = File.OpenRead(file);
            using var put = await s3.SendAsync(HttpMethod.Put, $"/{Bucket}/{key}", new StreamContent(stream));
            put.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"uploaded to Basin in {clock.Elapsed.TotalSeconds:F1} s");
        await athena.RunAsync("CREATE DATABASE lake", "default");
        foreach (var ddl in BasinTables()) await athena.RunAsync(ddl, "lake");
    }

    /// <summary>One query: best of three runs on Basin and on DuckDB, taking turns.</summary>
    public async Task<(double BasinMs, double DuckDbMs)> CompareAsync(string sql)
    {
        var basin = double.MaxValue;
        var duckDb = double.MaxValue;
        using var connection = _duckDb.Connect();
        for (var run = 0; run < 3; run++)
        {
            basin = Math.Min(basin, (await athena.RunAsync(sql, "lake")).TotalMilliseconds);
            var clock = Stopwatch.StartNew();
            using (connection.Query(sql))
            {
            }

            duckDb = Math.Min(duckDb, clock.Elapsed.TotalMilliseconds);
        }

        return (basin, duckDb);
    }

    /// <summary>What a DuckDB user would write over the local files: typed readers, Hive partitioning.</summary>
    private string DirectViews()
    {
        var d = workDirectory;
        return $"""
            CREATE VIEW sales_csv AS SELECT * FROM read_csv('{d}/csv/*.csv', header = false, auto_detect = false, columns = {Columns});
            CREATE VIEW sales_gz AS SELECT * FROM read_csv('{d}/gz/*.csv.gz', header = false, auto_detect = false, columns = {Columns});
            CREATE VIEW sales_parquet AS SELECT * FROM read_parquet('{d}/parquet/*.parquet');
            CREATE VIEW sales_parquet_by_region AS SELECT * FROM read_parquet('{d}/parquet_by_region/*/*.parquet', hive_partitioning = true);
            CREATE VIEW sales_csv_by_region AS SELECT * FROM read_csv('{d}/csv_by_region/*/*.csv', header = false, auto_detect = false, hive_partitioning = true, columns = {PartitionColumns});
            CREATE VIEW customers AS SELECT * FROM read_csv('{d}/customers/*.csv', header = false, auto_detect = false, columns = {CustomerColumns});
            """;
    }

    private static IEnumerable<string> BasinTables()
    {
        const string text = "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
        yield return $"CREATE EXTERNAL TABLE sales_csv ({TableColumns}) {text} LOCATION 's3://{Bucket}/csv/'";
        yield return $"CREATE EXTERNAL TABLE sales_gz ({TableColumns}) {text} LOCATION 's3://{Bucket}/gz/'";
        yield return $"CREATE EXTERNAL TABLE sales_parquet ({TableColumns}) STORED AS PARQUET LOCATION 's3://{Bucket}/parquet/'";
        yield return $"CREATE EXTERNAL TABLE sales_parquet_by_region (id bigint, amount double, customer string, day date) PARTITIONED BY (region int) STORED AS PARQUET LOCATION 's3://{Bucket}/parquet_by_region/'";
        yield return "MSCK REPAIR TABLE sales_parquet_by_region";
        yield return $"CREATE EXTERNAL TABLE sales_csv_by_region (id bigint, amount double, customer string, day date) PARTITIONED BY (region int) {text} LOCATION 's3://{Bucket}/csv_by_region/'";
        yield return "MSCK REPAIR TABLE sales_csv_by_region";
        yield return $"CREATE EXTERNAL TABLE customers (customer string, segment string) {text} LOCATION 's3://{Bucket}/customers/'";
    }

    public void Dispose()
    {
        _duckDb.Dispose();
        if (Directory.Exists(workDirectory)) Directory.Delete(workDirectory, recursive: true);
    }
}
