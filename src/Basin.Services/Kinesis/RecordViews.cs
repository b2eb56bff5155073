using Basin.Aws.Model.Kinesis;
using Basin.Storage.Kinesis;
using Basin.Storage.Streams;

namespace Basin.Services.Kinesis;

/// <summary>How a stored record is shown to readers (GetRecords, SubscribeToShard): opened if it was encrypted at rest.</summary>
public static class RecordViews
{
    public static Record ToRecord(StreamInfo stream, StreamRecord r, RecordSealer sealer) => new()
    {
        SequenceNumber = SequenceNumbers.Format(stream.CreatedMs, r.Counter),
        ApproximateArrivalTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(r.ArrivalMs),
        Data = sealer.Open(r),
        PartitionKey = r.PartitionKey,
        EncryptionType = r.KeyNumber is null ? null : "KMS",
    };
}
