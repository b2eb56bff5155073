namespace Basin.Storage.S3.Encryption;

/// <summary>A read-only window of an encrypted data file's plaintext; disposes the file with it.</summary>
internal sealed class DecryptingStream : Stream
{
    private readonly FileStream _file;
    private readonly AesCtr _ctr;
    private long _position;
    private long _remaining;

    public DecryptingStream(FileStream file, byte[] dataKey, ulong nonce, long offset, long length)
    {
        _file = file;
        _ctr = new AesCtr(dataKey, nonce);
        _file.Position = EncryptedDataFile.HeaderSize + offset;
        _position = offset;
        _remaining = length;
        Length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length { get; }
    public override long Position { get => Length - _remaining; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0) return 0;
        var target = buffer[..(int)Math.Min(buffer.Length, _remaining)];
        var n = _file.Read(target);
        return Decrypted(target[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0) return 0;
        var target = buffer[..(int)Math.Min(buffer.Length, _remaining)];
        var n = await _file.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        return Decrypted(target.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Decrypted(Span<byte> read)
    {
        _ctr.Apply(read, _position);
        _position += read.Length;
        _remaining -= read.Length;
        return read.Length;
    }

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _ctr.Dispose();
        }

        base.Dispose(disposing);
    }
}
