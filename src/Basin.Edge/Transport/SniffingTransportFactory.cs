using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Basin.Edge.Transport;

/// <summary>
/// Serves HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on one port, which Kestrel alone does
/// not: it binds the socket once, peeks at the first bytes of each connection (MSG_PEEK, nothing
/// is consumed) and hands the connection to the Kestrel endpoint for its protocol. Other
/// endpoint types fall through to Kestrel's own socket transport.
/// </summary>
public sealed class SniffingTransportFactory(ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0"u8.ToArray();
    private readonly ConcurrentDictionary<IPEndPoint, SharedSocket> _sockets = new();
    private readonly SocketConnectionContextFactory _contexts = new(new SocketConnectionFactoryOptions(), loggers.CreateLogger<SocketConnectionContextFactory>());

    public bool CanBind(EndPoint endpoint) => endpoint is SniffedEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var sniffed = (SniffedEndPoint)endpoint;
        var shared = _sockets.GetOrAdd(sniffed.Port, p => new SharedSocket(p, _contexts));
        shared.Retain();
        return ValueTask.FromResult<IConnectionListener>(new Listener(new SniffedEndPoint(shared.BoundPort, sniffed.Http2), shared, shared.Queue(sniffed.Http2)));
    }

    /// <summary>The one real socket of a port, and the accept loop that sorts connections by protocol.</summary>
    private sealed class SharedSocket
    {
        private readonly Socket _socket;
        private readonly SocketConnectionContextFactory _contexts;
        private readonly Channel<ConnectionContext> _http1 = Channel.CreateUnbounded<ConnectionContext>();
        private readonly Channel<ConnectionContext> _http2 = Channel.CreateUnbounded<ConnectionContext>();
        private int _listeners;

        public SharedSocket(IPEndPoint port, SocketConnectionContextFactory contexts)
        {
            _contexts = contexts;
            _socket = new Socket(port.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

            // SO_REUSEADDR alone, as Kestrel sets it: a restart can bind past TIME_WAIT connections.
            // (.NET's ReuseAddress option also sets SO_REUSEPORT on Linux, which would let a second
            // Basin listen on the same port and silently share its connections.)
            if (OperatingSystem.IsLinux()) _socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            try
            {
                _socket.Bind(port);
            }
            catch (SocketException e)
            {
                _socket.Dispose();
                throw new IOException($"Cannot listen on {port}: {e.Message}", e);
            }

            _socket.Listen(512);
            BoundPort = (IPEndPoint)_socket.LocalEndPoint!;
            _ = AcceptLoopAsync();
        }

        public IPEndPoint BoundPort { get; }

        public Channel<ConnectionContext> Queue(bool http2) => http2 ? _http2 : _http1;

        private async Task AcceptLoopAsync()
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await _socket.AcceptAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    _http1.Writer.TryComplete();
                    _http2.Writer.TryComplete();
                    return;
                }

                client.NoDelay = true;
                _ = SortAsync(client);
            }
        }

        private async Task SortAsync(Socket client)
        {
            var head = new byte[Preface.Length];
            var seen = 0;
            try
            {
                // Peek until the bytes rule HTTP/2 in or out (a request line differs within 3 bytes).
                while (seen < head.Length && head.AsSpan(0, seen).SequenceEqual(Preface.AsSpan(0, seen)))
                {
                    seen = await client.ReceiveAsync(head, SocketFlags.Peek).ConfigureAwait(false);
                    if (seen == 0)
                    {
                        client.Dispose();
                        return;
                    }

                    if (seen < head.Length && head.AsSpan(0, seen).SequenceEqual(Preface.AsSpan(0, seen))) await Task.Delay(1).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
                client.Dispose();
                return;
            }

            var isHttp2 = seen >= Preface.Length && head.AsSpan().SequenceEqual(Preface);
            await Queue(isHttp2).Writer.WriteAsync(_contexts.Create(client)).ConfigureAwait(false);
        }

        public void Retain() => Interlocked.Increment(ref _listeners);

        /// <summary>The socket closes when the last of its two endpoints unbinds.</summary>
        public void Release()
        {
            if (Interlocked.Decrement(ref _listeners) == 0) _socket.Dispose();
        }
    }

    private sealed class Listener(SniffedEndPoint endpoint, SharedSocket shared, Channel<ConnectionContext> queue) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = endpoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            queue.Writer.TryComplete();
            shared.Release();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The port actually bound (for port 0), once Kestrel has bound the endpoint.</summary>
    public IPEndPoint? BoundPort(IPEndPoint requested) => _sockets.TryGetValue(requested, out var s) ? s.BoundPort : null;
}
