namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// Reads a whole request body that must be held in memory (JSON and XML documents, small blob
/// payloads, a body hashed for its signature), refusing one over 64 MiB with 413 instead of
/// letting an oversized request exhaust memory. Streaming payloads (S3 objects) never come here.
/// </summary>
public static class BufferedBody
{
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Reads the body into a stream of its own (also recorded as <see cref="AwsRequest.BufferedBody"/>).</summary>
    public static async Task<MemoryStream> ReadAsync(AwsRequest request)
    {
        using var pooled = await ReadPooledAsync(request).ConfigureAwait(false);
        var bytes = pooled.WrittenMemory.ToArray();
        request.BufferedBody = bytes;
        return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
    }

    /// <summary>
    /// Reads the body into pooled memory, sized by Content-Length, that the caller disposes once it
    /// has parsed the document (and must not reference afterwards). A PutRecords of 500 × 1 KiB is
    /// ~700 KB of JSON: growing a fresh array for it each call fed the large-object heap.
    /// </summary>
    public static async Task<PooledBufferWriter> ReadPooledAsync(AwsRequest request)
    {
        var declared = request.Http.Request.ContentLength;
        if (declared > MaxBytes) throw TooLarge();

        // One byte of room past the declared length, so reaching the end needs no larger buffer.
        var body = new PooledBufferWriter((int)(declared ?? 16 * 1024) + 1);
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(body.GetMemory(1), request.Http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (body.WrittenCount + n > MaxBytes) throw TooLarge();
                body.Advance(n);
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static AwsServiceException TooLarge() =>
        new("RequestEntityTooLarge", $"The request body is larger than the {MaxBytes / (1024 * 1024)} MiB Basin accepts for this operation.", 413);
}
