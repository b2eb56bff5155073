using System.CommandLine;
using Basin.Aws.Protocol.Auth;
using Basin.Hosting;
using Microsoft.Extensions.Logging;

namespace Basin.Cli;

/// <summary><c>basin up</c>: serve every service on one port until SIGINT/SIGTERM.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (BASIN_HOST). Non-loopback requires --auth sigv4.", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_HOST", "127.0.0.1") };
        var port = new Option<int>("--port") { Description = "Port for every service (BASIN_PORT).", DefaultValueFactory = _ => EnvironmentDefaults.Int("BASIN_PORT", 4566) };
        var dataDir = new Option<string>("--data-dir") { Description = "Where all state lives (BASIN_DATA_DIR).", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_DATA_DIR", ".basin") };
        var region = new Option<string>("--region") { Description = "Default region (BASIN_REGION).", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_REGION", "us-east-1") };
        var auth = new Option<string>("--auth") { Description = "off: any key is accepted; sigv4: keys from <data-dir>/config/credentials.json, signatures verified (BASIN_AUTH).", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_AUTH", "off") };
        auth.AcceptOnlyFromAmong("off", "sigv4");
        var kinesisDelay = new Option<int>("--kinesis-state-delay-ms") { Description = "How long a new Kinesis stream stays CREATING (BASIN_KINESIS_STATE_DELAY_MS).", DefaultValueFactory = _ => EnvironmentDefaults.Int("BASIN_KINESIS_STATE_DELAY_MS", 0) };
        var throughput = new Option<bool>("--kinesis-throughput-limits") { Description = "Enforce AWS's per-shard Kinesis limits on every stream (BASIN_KINESIS_THROUGHPUT_LIMITS=1); per stream: tag basin:throughput-limits=on.", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_KINESIS_THROUGHPUT_LIMITS", "0") is "1" or "true" or "on" };
        var firehoseThroughput = new Option<bool>("--firehose-throughput-limits") { Description = "Enforce AWS's per-stream Firehose DirectPut quotas on every stream (BASIN_FIREHOSE_THROUGHPUT_LIMITS=1); per stream: tag basin:throughput-limits=on.", DefaultValueFactory = _ => EnvironmentDefaults.String("BASIN_FIREHOSE_THROUGHPUT_LIMITS", "0") is "1" or "true" or "on" };
        var lifecycle = new Option<int>("--lifecycle-interval") { Description = "Seconds between S3 lifecycle passes (BASIN_LIFECYCLE_INTERVAL; S3 runs them daily; 0 turns them off).", DefaultValueFactory = _ => int.Parse(EnvironmentDefaults.String("BASIN_LIFECYCLE_INTERVAL", "60"), System.Globalization.CultureInfo.InvariantCulture) };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Server log level (BASIN_LOG_LEVEL).", DefaultValueFactory = _ => Enum.Parse<LogLevel>(EnvironmentDefaults.String("BASIN_LOG_LEVEL", "Warning"), ignoreCase: true) };

        var command = new Command("up", "Start Basin and serve every AWS service on one port.") { host, port, dataDir, region, auth, kinesisDelay, throughput, firehoseThroughput, lifecycle, logLevel };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BasinOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                DataDir = parse.GetValue(dataDir)!,
                Region = parse.GetValue(region)!,
                Auth = parse.GetValue(auth) == "sigv4" ? AuthMode.SigV4 : AuthMode.Off,
                LogLevel = parse.GetValue(logLevel),
                KinesisStateDelay = TimeSpan.FromMilliseconds(parse.GetValue(kinesisDelay)),
                KinesisThroughputLimits = parse.GetValue(throughput),
                FirehoseThroughputLimits = parse.GetValue(firehoseThroughput),
                LifecycleInterval = TimeSpan.FromSeconds(parse.GetValue(lifecycle)),
            };
            BasinHost basin;
            try
            {
                basin = await BasinHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
            {
                await Console.Error.WriteLineAsync($"basin: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using (basin.ConfigureAwait(false))
            {
                Console.WriteLine($"Basin ready on {basin.Endpoint.ToString().TrimEnd('/')} (data {Path.GetFullPath(options.DataDir)}, region {options.Region}, auth {parse.GetValue(auth)}) in {basin.StartupTime.TotalMilliseconds:F0} ms");
                await basin.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Console.WriteLine("Basin stopped.");
            return 0;
        });
        return command;
    }
}
