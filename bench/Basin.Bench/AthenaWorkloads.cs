using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Basin.Bench;

/// <summary>
/// Athena latency and scan times (Basin only: moto's Athena returns canned rows and reads no data).
/// A generated 1M-row CSV table, a partitioned Parquet copy made by CTAS, then a tiny query's
/// StartQueryExecution → SUCCEEDED latency and the wall time of larger queries, each measured
/// through the API as a client sees it (polling GetQueryExecution every 1 ms for the first 50 ms, then every 10 ms).
/// </summary>
public sealed class AthenaWorkloads(SignedS3Client s3, SignedJsonClient athena)
{
    public const int Rows = 1_000_000;
    private const string Output = "s3://bench-athena/results/";

    public async Task SetUpAsync()
    {
        await s3.SendAsync(HttpMethod.Put, "/bench-athena");
        var csv = new StringBuilder(Rows * 24);
        for (var i = 0; i < Rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{i % 10},{i % 1000 * 1.5},name{i % 5000}\n");
        using (var put = await s3.SendAsync(HttpMethod.Put, "/bench-athena/sales/sales.csv", new ByteArrayContent(Encoding.ASCII.GetBytes(csv.ToString()))))
            put.EnsureSuccessStatusCode();
        await RunAsync("CREATE DATABASE bench", "default");
        await RunAsync("CREATE EXTERNAL TABLE sales (id bigint, region int, amount double, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://bench-athena/sales/'");
        await RunAsync("CREATE TABLE tiny AS SELECT * FROM sales WHERE id < 10");

        // The same number of web-server log lines, for the line SerDes (GrokSerDe, RegexSerDe).
        var log = new StringBuilder(Rows * 100);
        for (var i = 0; i < Rows; i++)
            log.Append(CultureInfo.InvariantCulture, $"10.0.{i % 250}.{i % 200} - user{i % 50} [10/Oct/2024:13:{i / 60 % 60:00}:{i % 60:00} +0000] \"GET /item/{i % 5000} HTTP/1.1\" {(i % 10 == 0 ? 404 : 200)} {i % 9000}\n");
        using (var put = await s3.SendAsync(HttpMethod.Put, "/bench-athena/logs/access.log", new ByteArrayContent(Encoding.ASCII.GetBytes(log.ToString()))))
            put.EnsureSuccessStatusCode();
        await RunAsync("CREATE EXTERNAL TABLE access_grok (clientip string, `timestamp` string, verb string, request string, response int, bytes bigint) " +
            "ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe' WITH SERDEPROPERTIES ('input.format' = '%{COMMONAPACHELOG}') LOCATION 's3://bench-athena/logs/'");
        await RunAsync("CREATE EXTERNAL TABLE access_regex (clientip string, ident string, auth string, ts string, request string, response int, bytes bigint) " +
            "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) \\\\[([^\\\\]]*)\\\\] \"([^\"]*)\" ([0-9]*) ([0-9]*)') " +
            "LOCATION 's3://bench-athena/logs/'");
    }

    /// <summary>Runs a statement to completion and returns its wall time as the client sees it.</summary>
    public async Task<TimeSpan> RunAsync(string sql, string database = "bench")
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(sql, database);
        return clock.Elapsed;
    }

    /// <summary>The single number a query like <c>SELECT count(*)</c> returns; 0 while the query cannot run.</summary>
    public async Task<long> CountAsync(string sql, string database)
    {
        string id;
        try
        {
            id = await ExecuteAsync(sql, database);
        }
        catch (InvalidOperationException)
        {
            return 0;
        }

        var rows = (await athena.CallAsync("GetQueryResults", new { QueryExecutionId = id }))["ResultSet"]!["Rows"]!.AsArray();
        return long.Parse(rows[1]!["Data"]![0]!["VarCharValue"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private async Task<string> ExecuteAsync(string sql, string database)
    {
        var started = await athena.CallAsync("StartQueryExecution", new
        {
            QueryString = sql,
            QueryExecutionContext = new { Database = database },
            ResultConfiguration = new { OutputLocation = Output },
        });
        var id = started["QueryExecutionId"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var execution = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id }))["QueryExecution"]!;
            var state = execution["Status"]!["State"]!.GetValue<string>();
            if (state == "SUCCEEDED") return id;
            if (state is "FAILED" or "CANCELLED") throw new InvalidOperationException($"{sql}: {execution["Status"]!["StateChangeReason"]}");
            // Every millisecond at first, so short queries are timed closely; then every 10 ms, so a
            // long query does not share the machine's two cores with a client polling 1,000 times a second.
            await Task.Delay(clock.ElapsedMilliseconds < 50 ? 1 : 10);
        }
    }

    /// <summary>p50 and p99 of StartQueryExecution → SUCCEEDED for a query over a 10-row table.</summary>
    public async Task<(double P50Ms, double P99Ms)> TinyQueryLatencyAsync(int runs)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++) times.Add((await RunAsync("SELECT count(*), max(amount) FROM tiny")).TotalMilliseconds);
        times.Sort();
        return (times[runs / 2], times[Math.Min(runs - 1, runs * 99 / 100)]);
    }
}
