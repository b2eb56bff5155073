using System.Buffers;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// Reads a whole request body that must be held in memory (JSON and XML documents, small blob
/// payloads, a body hashed for its signature), refusing one over 64 MiB with 413 instead of
/// letting an oversized request exhaust memory. Streaming payloads (S3 objects) never come here.
/// </summary>
public static class BufferedBody
{
    public const long MaxBytes = 64L * 1024 * 1024;

    public static async Task<MemoryStream> ReadAsync(AwsRequest request)
    {
        if (request.Http.Request.ContentLength > MaxBytes) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, request.Http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        buffer.Position = 0;
        request.BufferedBody = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        return buffer;
    }

    private static AwsServiceException TooLarge() =>
        new("RequestEntityTooLarge", $"The request body is larger than the {MaxBytes / (1024 * 1024)} MiB Basin accepts for this operation.", 413);
}
