namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// What became of one attempt to deliver a buffer: the records now delivered, the records that
/// failed for good (each with its <see cref="BufferedRecord.Failure"/>, bound for the error
/// output), and, when the whole buffer must be tried again, the time to retry.
/// </summary>
public sealed record DeliveryResult(IReadOnlyList<BufferedRecord> Delivered, IReadOnlyList<BufferedRecord> Failed, long? RetryAtMs = null)
{
    public static DeliveryResult Retry(long atMs) => new([], [], atMs);
}
