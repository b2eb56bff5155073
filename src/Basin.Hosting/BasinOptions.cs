using System.Net;
using Basin.Aws.Protocol.Auth;

namespace Basin.Hosting;

/// <summary>How a Basin instance runs: where it listens, where it keeps data, how it authenticates.</summary>
public sealed record BasinOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); the bound port is on <see cref="BasinHost.Endpoint"/>.</summary>
    public int Port { get; init; } = 4566;
    public string DataDir { get; init; } = Path.Combine(Environment.CurrentDirectory, ".basin");
    public string Region { get; init; } = "us-east-1";
    public AuthMode Auth { get; init; } = AuthMode.Off;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>How long a new Kinesis stream reports CREATING (AWS: ~30 s; default none).</summary>
    public TimeSpan KinesisStateDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Apply AWS's per-shard Kinesis throughput limits to every stream (default off).</summary>
    public bool KinesisThroughputLimits { get; init; }

    /// <summary>Apply AWS's per-stream Firehose DirectPut quotas to every stream (default off).</summary>
    public bool FirehoseThroughputLimits { get; init; }

    /// <summary>How often S3 lifecycle rules are applied (S3 evaluates once a day; zero turns the runner off).</summary>
    public TimeSpan LifecycleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often S3 server access logs are delivered to their target buckets (S3 takes hours; zero: only at shutdown).</summary>
    public TimeSpan AccessLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often stream retention is applied (AWS trims continuously; tests inject time).</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Services to serve beside Basin's own (embedding, protocol tests with a service of their own).</summary>
    public IReadOnlyList<Basin.Aws.Protocol.Services.IAwsService> AdditionalServices { get; init; } = [];

    /// <summary>Basin is safe by default: anything but loopback requires verified signatures.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException($"Port {Port} is out of range.");
        if (!IsLoopback(Host) && Auth != AuthMode.SigV4)
        {
            throw new ArgumentException($"Refusing to listen on {Host} without --auth sigv4: a non-loopback address would expose an unauthenticated AWS endpoint.");
        }
    }

    public static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
