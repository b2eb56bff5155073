using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Cli.Sql;

namespace Basin.Cli;

/// <summary>
/// <c>basin sql</c>: runs SQL on a running Basin through the Athena API, the same path as every
/// SDK (so it runs what Athena runs and fails as Athena fails), and prints the result. Without a
/// query argument it reads statements from standard input, each ended by ';'.
/// </summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var query = new Argument<string?>("query") { Description = "The SQL to run; read from standard input when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var port = new Option<int>("--port") { Description = "Port of the running Basin (BASIN_PORT).", DefaultValueFactory = _ => EnvironmentDefaults.Int("BASIN_PORT", 4566) };
        var database = new Option<string>("--database", "-d") { Description = "The database unqualified table names resolve in.", DefaultValueFactory = _ => "default" };
        var output = new Option<string>("--output", "-o") { Description = "table, csv or json (one object per line).", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "csv", "json");
        var workGroup = new Option<string>("--work-group") { Description = "The Athena workgroup.", DefaultValueFactory = _ => "primary" };
        var location = new Option<string?>("--output-location") { Description = "Where results go (s3://bucket/prefix/); default s3://basin-query-results/, created if missing, unless the workgroup sets one." };
        var command = new Command("sql", "Run SQL through Athena on a running Basin and print the result.") { query, port, database, output, workGroup, location };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = new AthenaClient(parse.GetValue(port));
            var settings = new Settings(parse.GetValue(database)!, parse.GetValue(output)!, parse.GetValue(workGroup)!, parse.GetValue(location));
            try
            {
                if (parse.GetValue(query) is { } sql) return await RunAsync(client, sql, settings, cancellationToken).ConfigureAwait(false);
                var failures = 0;
                await foreach (var statement in Statements(Console.In, cancellationToken).ConfigureAwait(false))
                    failures += await RunAsync(client, statement, settings, cancellationToken).ConfigureAwait(false);
                return failures == 0 ? 0 : 1;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"basin: not running on port {parse.GetValue(port)} ({e.Message})").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private sealed record Settings(string Database, string Format, string WorkGroup, string? OutputLocation);

    private static async Task<int> RunAsync(AthenaClient client, string sql, Settings settings, CancellationToken cancellationToken)
    {
        var start = new JsonObject
        {
            ["QueryString"] = sql,
            ["QueryExecutionContext"] = new JsonObject { ["Database"] = settings.Database },
            ["WorkGroup"] = settings.WorkGroup,
        };
        var workGroup = await client.CallAsync("GetWorkGroup", new JsonObject { ["WorkGroup"] = settings.WorkGroup }, cancellationToken).ConfigureAwait(false);
        if (settings.OutputLocation is not null || workGroup["WorkGroup"]?["Configuration"]?["ResultConfiguration"]?["OutputLocation"] is null)
        {
            var outputLocation = settings.OutputLocation ?? "s3://basin-query-results/";
            if (settings.OutputLocation is null) await client.EnsureBucketAsync("basin-query-results", cancellationToken).ConfigureAwait(false);
            start["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = outputLocation };
        }

        string id;
        try
        {
            id = (await client.CallAsync("StartQueryExecution", start, cancellationToken).ConfigureAwait(false))["QueryExecutionId"]!.GetValue<string>();
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        JsonNode execution;
        while (true)
        {
            execution = (await client.CallAsync("GetQueryExecution", new JsonObject { ["QueryExecutionId"] = id }, cancellationToken).ConfigureAwait(false))["QueryExecution"]!;
            if (execution["Status"]!["State"]!.GetValue<string>() is not ("QUEUED" or "RUNNING")) break;
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        var state = execution["Status"]!["State"]!.GetValue<string>();
        if (state != "SUCCEEDED")
        {
            await Console.Error.WriteLineAsync($"{state}: {execution["Status"]!["StateChangeReason"]?.GetValue<string>()}").ConfigureAwait(false);
            return 1;
        }

        var (columns, rows, updateCount) = await ResultsAsync(client, id, execution["StatementType"]?.GetValue<string>() == "DML", cancellationToken).ConfigureAwait(false);
        if (columns.Count > 0) ResultPrinter.Print(Console.Out, settings.Format, columns, rows);
        else Console.WriteLine(updateCount > 0 ? $"OK ({updateCount} rows written)" : "OK");
        return 0;
    }

    private static async Task<(List<string> Columns, List<string?[]> Rows, long UpdateCount)> ResultsAsync(AthenaClient client, string id, bool hasHeader, CancellationToken cancellationToken)
    {
        var rows = new List<string?[]>();
        List<string> columns = [];
        long updateCount = 0;
        string? token = null;
        do
        {
            var input = new JsonObject { ["QueryExecutionId"] = id, ["MaxResults"] = 1000 };
            if (token is not null) input["NextToken"] = token;
            var page = await client.CallAsync("GetQueryResults", input, cancellationToken).ConfigureAwait(false);
            updateCount = page["UpdateCount"]?.GetValue<long>() ?? 0;
            var set = page["ResultSet"]!;
            columns = [.. set["ResultSetMetadata"]!["ColumnInfo"]!.AsArray().Select(c => c!["Name"]!.GetValue<string>())];
            var pageRows = set["Rows"]!.AsArray().Select(r => r!["Data"]!.AsArray().Select(d => d?["VarCharValue"]?.GetValue<string>()).ToArray());
            rows.AddRange(token is null && hasHeader ? pageRows.Skip(1) : pageRows);
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return (columns, rows, updateCount);
    }

    /// <summary>Statements from standard input: text up to each ';' outside quotes.</summary>
    private static async IAsyncEnumerable<string> Statements(TextReader input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = new StringBuilder();
        char? quote = null;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            foreach (var c in line)
            {
                if (quote is null && c == ';')
                {
                    if (current.ToString().Trim() is { Length: > 0 } statement) yield return statement;
                    current.Clear();
                    continue;
                }

                if (c is '\'' or '"') quote = quote == c ? null : quote ?? c;
                current.Append(c);
            }

            current.Append('\n');
        }

        if (current.ToString().Trim() is { Length: > 0 } last) yield return last;
    }
}
