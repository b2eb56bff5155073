namespace Basin.Services.Firehose.Processing;

/// <summary>Why a record went to the error prefix instead of the destination.</summary>
/// <param name="OutputType">The value of <c>!{firehose:error-output-type}</c>: processing-failed, format-conversion-failed, http-endpoint-failed, ...</param>
/// <param name="Attempts">How many delivery attempts were made before giving up (1 for records that failed before delivery).</param>
public sealed record RecordFailure(string OutputType, string ErrorCode, string ErrorMessage, int Attempts = 1);

/// <summary>One record after processing: its bytes and partition keys, or the failure and the original bytes.</summary>
public sealed record RecordOutcome(byte[] Data, IReadOnlyDictionary<string, string>? PartitionKeys = null, RecordFailure? Failure = null);
