using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Basin.Tests.Support;

/// <summary>A real <c>basin up</c> child process, which crash tests kill with SIGKILL.</summary>
public sealed class BasinProcess : IDisposable
{
    private readonly Process _process;

    private BasinProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<BasinProcess> StartAsync(string dataDir, int? port = null)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "basin.dll"), "up", "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.Contains("Basin ready on", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"basin did not start: {ready} {await process.StandardError.ReadToEndAsync()}");
        }

        return new BasinProcess(process, port.Value);
    }

    /// <summary>SIGKILL: the process gets no chance to flush, close or clean up anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
