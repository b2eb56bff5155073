using System.CommandLine;

namespace Basin.Cli;

/// <summary><c>basin status</c>: ask a running Basin for its health document.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of the running Basin (BASIN_PORT).", DefaultValueFactory = _ => EnvironmentDefaults.Int("BASIN_PORT", 4566) };
        var command = new Command("status", "Show whether Basin is running and which services it serves.") { port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{parse.GetValue(port)}/_basin/health"), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(body);
                return 0;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"basin: not running on port {parse.GetValue(port)} ({e.Message})").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
