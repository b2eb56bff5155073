using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (S3 "Signature calculations for the Authorization header:
/// transferring payload in multiple chunks"): <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c>
/// repeated, a zero-size chunk, then optional trailing headers (flexible checksums) and a trailer
/// signature. When a signing key is given every chunk signature is verified, chained from the seed.
/// </summary>
public sealed class AwsChunkedStream : Stream
{
    private readonly Stream _inner;
    private readonly IDictionary<string, string> _trailers;
    private readonly byte[]? _signingKey;
    private readonly string _amzDate;
    private readonly string _scope;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly IncrementalHash? _chunkHash;
    private string _previousSignature;
    private string? _expectedChunkSignature;
    private int _bufferPos;
    private int _bufferLen;
    private long _chunkRemaining;
    private bool _done;

    public AwsChunkedStream(Stream inner, IDictionary<string, string> trailers, byte[]? signingKey, string seedSignature, string amzDate, string scope)
    {
        _inner = inner;
        _trailers = trailers;
        _signingKey = signingKey;
        _previousSignature = seedSignature;
        _amzDate = amzDate;
        _scope = scope;
        _chunkHash = signingKey is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public long DecodedBytes { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => DecodedBytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (!_done)
        {
            if (_chunkRemaining > 0)
            {
                if (_bufferPos == _bufferLen && !await FillAsync(cancellationToken).ConfigureAwait(false)) throw Incomplete();
                var n = (int)Math.Min(Math.Min(_chunkRemaining, _bufferLen - _bufferPos), destination.Length);
                _buffer.AsSpan(_bufferPos, n).CopyTo(destination.Span);
                _chunkHash?.AppendData(_buffer, _bufferPos, n);
                _bufferPos += n;
                _chunkRemaining -= n;
                DecodedBytes += n;
                if (_chunkRemaining == 0)
                {
                    await ExpectCrlfAsync(cancellationToken).ConfigureAwait(false);
                    VerifyChunk();
                }

                return n;
            }

            var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Incomplete();
            if (header.Length == 0) continue;
            var semi = header.IndexOf(';', StringComparison.Ordinal);
            var sizeText = semi < 0 ? header : header[..semi];
            if (!long.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new AwsServiceException("IncompleteBody", "The request body is not valid aws-chunked encoding.");
            }

            _expectedChunkSignature = semi < 0 ? null : header[(semi + 1)..].Replace("chunk-signature=", string.Empty, StringComparison.Ordinal);
            if (_signingKey is not null && _expectedChunkSignature is null)
            {
                throw new AwsServiceException("SignatureDoesNotMatch", "A chunk of the streaming payload carries no chunk-signature.", 403);
            }

            _chunkRemaining = size;
            if (size == 0)
            {
                VerifyChunk();
                await ReadTrailersAsync(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }

        return 0;
    }

    private void VerifyChunk()
    {
        if (_signingKey is null || _chunkHash is null) return;
        var dataHash = Convert.ToHexStringLower(_chunkHash.GetHashAndReset());
        var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{_amzDate}\n{_scope}\n{_previousSignature}\n{SigV4.EmptySha256}\n{dataHash}";
        var signature = SigV4.HexHmac(_signingKey, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(_expectedChunkSignature ?? string.Empty)))
        {
            throw new AwsServiceException("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided for a chunk of the streaming payload.", 403);
        }

        _previousSignature = signature;
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        var canonical = new StringBuilder();
        string? trailerSignature = null;
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            _trailers[name] = value;
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        if (_signingKey is not null && trailerSignature is not null)
        {
            var stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{_amzDate}\n{_scope}\n{_previousSignature}\n{SigV4.HexSha256(canonical.ToString())}";
            if (SigV4.HexHmac(_signingKey, stringToSign) != trailerSignature)
            {
                throw new AwsServiceException("SignatureDoesNotMatch", "The trailer signature we calculated does not match the signature you provided.", 403);
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_bufferPos < _bufferLen) return true;
        _bufferLen = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _bufferPos = 0;
        return _bufferLen > 0;
    }

    private async Task ExpectCrlfAsync(CancellationToken cancellationToken)
    {
        if (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { Length: 0 }) throw Incomplete();
    }

    /// <summary>Reads one CRLF-terminated line; null at end of stream.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_bufferPos == _bufferLen && !await FillAsync(cancellationToken).ConfigureAwait(false)) return line.Length > 0 ? line.ToString() : null;
            var c = (char)_buffer[_bufferPos++];
            if (c == '\n') return line.ToString().TrimEnd('\r');
            if (line.Length > 8192) throw Incomplete();
            line.Append(c);
        }
    }

    private static AwsServiceException Incomplete() =>
        new("IncompleteBody", "The request body terminated unexpectedly.");

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _chunkHash?.Dispose();
        base.Dispose(disposing);
    }
}
