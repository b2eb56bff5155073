using Basin.Services.Lake;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>Bytes already read (a format's magic) followed by the rest of a stream: sniffing without seeking.</summary>
public sealed class ConcatStream(ReadOnlyMemory<byte> head, Stream rest) : ForwardOnlyStream
{
    private ReadOnlyMemory<byte> _head = head;

    public override int Read(Span<byte> buffer)
    {
        if (_head.IsEmpty) return rest.Read(buffer);
        var n = Math.Min(buffer.Length, _head.Length);
        _head.Span[..n].CopyTo(buffer);
        _head = _head[n..];
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}
