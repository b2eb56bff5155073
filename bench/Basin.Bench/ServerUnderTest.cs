using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Basin.Bench;

/// <summary>A server process the benchmark starts, times to readiness, measures (RSS) and stops.</summary>
public sealed class ServerUnderTest : IDisposable
{
    private readonly Process _process;

    private ServerUnderTest(string name, Process process, string endpoint, TimeSpan startup)
    {
        Name = name;
        _process = process;
        Endpoint = endpoint;
        Startup = startup;
    }

    public string Name { get; }
    public string Endpoint { get; }
    public TimeSpan Startup { get; }

    public static async Task<ServerUnderTest> StartAsync(string name, string fileName, IEnumerable<string> args, Func<int, IEnumerable<string>> portArgs, string healthPath)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(fileName, args.Concat(portArgs(port))) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync(new Uri(endpoint + healthPath))).StatusCode != HttpStatusCode.ServiceUnavailable) return new ServerUnderTest(name, process, endpoint, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(5);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{name} did not start");
    }

    /// <summary>Resident set size of the server process, in MiB.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
