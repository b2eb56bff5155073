using System.Diagnostics;
using System.Net;
using Basin.Aws.Protocol.Auth;
using Basin.Edge;
using Basin.Edge.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basin.Hosting;

/// <summary>
/// A running Basin: every service on one port, state under one data directory. The CLI, the
/// in-process tests and the benchmarks all start Basin through this class.
/// </summary>
public sealed class BasinHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BasinStores _stores;
    private readonly ITimer _retention;
    private readonly FileStream _lock;
    private readonly IReadOnlyList<Aws.Protocol.Services.IAwsService> _services;
    private readonly ILoggerFactory _loggers;

    private BasinHost(WebApplication app, BasinStores stores, IReadOnlyList<Aws.Protocol.Services.IAwsService> services, ITimer retention, FileStream dataLock, Uri endpoint, TimeSpan startup, Services.Events.EventBus events, ILoggerFactory loggers)
    {
        _app = app;
        _loggers = loggers;
        Events = events;
        _services = services;
        _stores = stores;
        _retention = retention;
        _lock = dataLock;
        Endpoint = endpoint;
        StartupTime = startup;
    }

    public Uri Endpoint { get; }
    public TimeSpan StartupTime { get; }

    /// <summary>The internal event bus the services publish on (S3 event notifications).</summary>
    public Services.Events.EventBus Events { get; }

    public static async Task<BasinHost> StartAsync(BasinOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        var dataLock = LockDataDir(dataDir);
        BasinStores? stores = null;
        ILoggerFactory? loggers = null;
        try
        {
            stores = BasinStores.Open(dataDir);
            var keys = KeyTable.Load(Path.Combine(dataDir, "config"));
            var events = new Services.Events.EventBus();

            // Background work (lifecycle passes, Firehose deliveries) logs through its own factory:
            // the services exist before the web host that owns the request logging.
            loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel));
            var implementations = BasinServices.Create(stores, options, events, loggers);
            var services = new ServiceDirectory(implementations.Concat(options.AdditionalServices));
            services.WarmUp();
            var edgeOptions = new EdgeOptions
            {
                Region = options.Region,
                Auth = options.Auth,
                Views = new Dictionary<string, Func<object>>
                {
                    // What S3 would have sent (and, once they exist, SQS/SNS/Lambda/EventBridge delivered), newest last.
                    ["events"] = () => events.Recent().Select(e => new { source = e.Source, destination = e.Destination, time = e.Time, document = e.Document }),
                },
            };

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel);
            var port = new IPEndPoint(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = null; // S3 objects reach 5 GiB per PUT

                // HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on the one port, sorted per
                // connection by SniffingTransportFactory: the AWS SDK for JavaScript v3 Kinesis
                // client speaks HTTP/2 by default, everything else HTTP/1.1.
                k.Listen(new SniffedEndPoint(port, http2: false), l => l.Protocols = HttpProtocols.Http1);
                k.Listen(new SniffedEndPoint(port, http2: true), l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Services.AddSingleton<SniffingTransportFactory>();
            builder.Services.AddSingleton<IConnectionListenerFactory>(sp => sp.GetRequiredService<SniffingTransportFactory>());
            builder.Services.AddSingleton(services);
            builder.Services.AddSingleton(edgeOptions);
            builder.Services.AddSingleton(new RequestRouter(services, edgeOptions.S3BaseHosts));
            builder.Services.AddSingleton(new RequestAuthenticator(options.Auth, keys, options.Time));
            builder.Services.AddSingleton<EdgeHandler>();
            var app = builder.Build();
            var handler = app.Services.GetRequiredService<EdgeHandler>();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<SniffingTransportFactory>().BoundPort(port)!;
            var endpoint = new Uri($"http://{bound}");
            var kinesis = stores.Kinesis;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<BasinHost>();
            var retention = options.Time.CreateTimer(_ => ApplyRetention(kinesis, options.Time, logger), null, options.RetentionInterval, options.RetentionInterval);
            return new BasinHost(app, stores, implementations, retention, dataLock, endpoint, clock.Elapsed, events, loggers);
        }
        catch
        {
            loggers?.Dispose();
            stores?.Dispose();
            await dataLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A timer callback that throws would end the process: a failed sweep (a segment that cannot be
    /// deleted now) is logged and tried again on the next tick.
    /// </summary>
    private static void ApplyRetention(Storage.Kinesis.KinesisStore kinesis, TimeProvider time, ILogger logger)
    {
        try
        {
            kinesis.Trim(time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Stream retention sweep failed; it runs again at the next interval");
        }
    }

    /// <summary>Completes when the process is asked to stop (SIGINT, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _retention.DisposeAsync().ConfigureAwait(false);

        // Background work (running crawls) ends before the stores it writes close.
        foreach (var service in _services.OfType<IAsyncDisposable>()) await service.DisposeAsync().ConfigureAwait(false);
        _stores.Dispose();
        _loggers.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Two processes writing one data directory would corrupt it; the second one is refused.</summary>
    private static FileStream LockDataDir(string dataDir)
    {
        try
        {
            return new FileStream(Path.Combine(dataDir, "basin.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Another Basin is using the data directory {dataDir}.", e);
        }
    }
}
