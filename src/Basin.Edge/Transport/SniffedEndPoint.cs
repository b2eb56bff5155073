using System.Net;

namespace Basin.Edge.Transport;

/// <summary>
/// One of the two Kestrel endpoints that share a real port: connections that open with the
/// HTTP/2 preface go to the <see cref="Http2"/> one, all others to the HTTP/1.1 one.
/// </summary>
public sealed class SniffedEndPoint(IPEndPoint port, bool http2) : EndPoint
{
    public IPEndPoint Port { get; } = port;
    public bool Http2 { get; } = http2;

    public override string ToString() => $"{Port}{(Http2 ? " (h2c)" : string.Empty)}";
}
