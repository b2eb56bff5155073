namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// An output that POSTs each buffer to an HTTP endpoint as one Firehose request
/// (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html), retrying a
/// failed request for <see cref="RetryDurationMs"/> before its records go to the S3 error output.
/// </summary>
public sealed class HttpOutput : DeliveryOutput
{
    public required Uri Url { get; init; }
    public string? AccessKey { get; init; }
    public required bool Gzip { get; init; }

    /// <summary>Sent as the X-Amz-Firehose-Common-Attributes header, in the configured order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> CommonAttributes { get; init; }

    /// <summary>How long after a buffer's first attempt it is still retried (RetryOptions.DurationInSeconds; 0: one attempt).</summary>
    public required long RetryDurationMs { get; init; }
}
