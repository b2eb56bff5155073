using System.Diagnostics;
using System.Net;
using Basin.Aws.Protocol.Auth;
using Basin.Edge;
using Basin.Storage.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
    private readonly S3Store _s3;
    private readonly FileStream _lock;

    private BasinHost(WebApplication app, S3Store s3, FileStream dataLock, Uri endpoint, TimeSpan startup)
    {
        _app = app;
        _s3 = s3;
        _lock = dataLock;
        Endpoint = endpoint;
        StartupTime = startup;
    }

    public Uri Endpoint { get; }
    public TimeSpan StartupTime { get; }

    public static async Task<BasinHost> StartAsync(BasinOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        var dataLock = LockDataDir(dataDir);
        S3Store? s3 = null;
        try
        {
            s3 = new S3Store(Path.Combine(dataDir, "s3"));
            var keys = KeyTable.Load(Path.Combine(dataDir, "config"));
            var services = new ServiceDirectory(BasinServices.Create(s3, options.Time).Concat(options.AdditionalServices));
            services.WarmUp();
            var edgeOptions = new EdgeOptions { Region = options.Region, Auth = options.Auth };

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = null; // S3 objects reach 5 GiB per PUT
                k.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
            });
            builder.Services.AddSingleton(services);
            builder.Services.AddSingleton(edgeOptions);
            builder.Services.AddSingleton(new RequestRouter(services, edgeOptions.S3BaseHosts));
            builder.Services.AddSingleton(new RequestAuthenticator(options.Auth, keys, options.Time));
            builder.Services.AddSingleton<EdgeHandler>();
            var app = builder.Build();
            var handler = app.Services.GetRequiredService<EdgeHandler>();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
            return new BasinHost(app, s3, dataLock, endpoint, clock.Elapsed);
        }
        catch
        {
            s3?.Dispose();
            await dataLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the process is asked to stop (SIGINT, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _s3.Dispose();
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
