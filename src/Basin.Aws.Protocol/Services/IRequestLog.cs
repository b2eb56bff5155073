namespace Basin.Aws.Protocol.Services;

/// <summary>A service that records its requests once they are answered (S3 server access logs).</summary>
public interface IRequestLog
{
    /// <param name="request">The decoded request.</param>
    /// <param name="status">The HTTP status sent.</param>
    /// <param name="errorCode">The AWS error code, for a failed request.</param>
    /// <param name="bytesSent">Body bytes sent, when known.</param>
    /// <param name="elapsed">From arrival to the answer.</param>
    void Completed(AwsRequest request, int status, string? errorCode, long? bytesSent, TimeSpan elapsed);
}
