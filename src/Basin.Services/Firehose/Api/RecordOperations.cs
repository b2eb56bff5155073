using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Firehose.Delivery;

namespace Basin.Services.Firehose.Api;

/// <summary>
/// PutRecord and PutRecordBatch: records are appended to the stream's durable buffer (fsynced
/// before the reply), and the stream's delivery worker buffers them toward the destination.
/// With throughput limits on, records over the stream's quota fail with ServiceUnavailableException.
/// </summary>
public sealed class RecordOperations(FirehoseContext firehose, DeliveryEngine engine)
{
    private const int MaxRecordBytes = 1_024_000;
    private const long MaxBatchBytes = 4L * 1024 * 1024;

    public void Register(OperationTable operations)
    {
        operations.On<PutRecordInput, PutRecordOutput>("PutRecord", PutRecordAsync);
        operations.On<PutRecordBatchInput, PutRecordBatchOutput>("PutRecordBatch", PutRecordBatchAsync);
    }

    private async Task<PutRecordOutput> PutRecordAsync(PutRecordInput input, AwsRequest request)
    {
        var stream = Writable(request, input.DeliveryStreamName);
        if (input.Record is null) throw FirehoseErrors.Validation("record", null, "Member must not be null");
        var data = Validate(input.Record.Data, "record.data");
        if (firehose.Throttle.Admit(stream, [data]) is not [true]) throw FirehoseErrors.SlowDown();
        var appended = await firehose.Store.AppendAsync(stream.Arn, [data], firehose.Now().ToUnixTimeMilliseconds(), EncryptionOperations.KeyId(stream)).ConfigureAwait(false);
        engine.Notify(stream.Arn);
        return new PutRecordOutput { RecordId = RecordId(RecordIdPrefix(stream), appended[0].Counter), Encrypted = stream.Encryption.Enabled };
    }

    private async Task<PutRecordBatchOutput> PutRecordBatchAsync(PutRecordBatchInput input, AwsRequest request)
    {
        var stream = Writable(request, input.DeliveryStreamName);
        var records = input.Records ?? [];
        if (records.Count is < 1 or > 500)
        {
            throw FirehoseErrors.Validation("records", $"[{records.Count} records]", "Member must have length less than or equal to 500 and greater than or equal to 1");
        }

        var data = records.Select((r, i) => Validate(r?.Data, $"records.{i + 1}.member.data")).ToList();
        if (data.Sum(d => (long)d.Length) > MaxBatchBytes) throw FirehoseErrors.InvalidArgument("Records size exceeds 4 MB limit");
        var admitted = firehose.Throttle.Admit(stream, data) ?? throw FirehoseErrors.SlowDown();
        var accepted = data.Where((_, i) => admitted[i]).ToList();
        var appended = accepted.Count == 0 ? [] : await firehose.Store.AppendAsync(stream.Arn, accepted, firehose.Now().ToUnixTimeMilliseconds(), EncryptionOperations.KeyId(stream)).ConfigureAwait(false);
        engine.Notify(stream.Arn);
        var prefix = RecordIdPrefix(stream);
        var responses = new List<PutRecordBatchResponseEntry>(data.Count);
        var next = 0;
        for (var i = 0; i < data.Count; i++)
        {
            responses.Add(admitted[i]
                ? new PutRecordBatchResponseEntry { RecordId = RecordId(prefix, appended[next++].Counter) }
                : new PutRecordBatchResponseEntry { ErrorCode = "ServiceUnavailableException", ErrorMessage = "Slow down." });
        }

        return new PutRecordBatchOutput { FailedPutCount = data.Count - accepted.Count, Encrypted = stream.Encryption.Enabled, RequestResponses = responses };
    }

    private DeliveryStream Writable(AwsRequest request, string? name)
    {
        var stream = firehose.Resolve(request, name);
        if (!stream.IsDirectPut) throw FirehoseErrors.InvalidArgument($"This operation is not permitted on {stream.Type} delivery stream type.");
        if (firehose.Status(stream) != "ACTIVE") throw new AwsServiceException("ResourceNotFoundException", $"Firehose {stream.Name} under account {stream.Account} is not ACTIVE.");
        return stream;
    }

    private static byte[] Validate(byte[]? data, string field)
    {
        if (data is null) throw FirehoseErrors.Validation(field, null, "Member must not be null");
        if (data.Length > MaxRecordBytes) throw FirehoseErrors.Validation(field, $"[{data.Length} bytes]", $"Member must have length less than or equal to {MaxRecordBytes}");
        return data;
    }

    /// <summary>The first 16 bytes of every RecordId of a stream: its identity (hashed once per request, not per record).</summary>
    private static byte[] RecordIdPrefix(DeliveryStream stream)
    {
        var prefix = new byte[16];
        SHA256.HashData(Encoding.UTF8.GetBytes(stream.Arn)).AsSpan(0, 8).CopyTo(prefix);
        BinaryPrimitives.WriteInt64BigEndian(prefix.AsSpan(8), stream.CreatedMs);
        return prefix;
    }

    /// <summary>An opaque id, unique per record: the stream's identity and the record's buffer position.</summary>
    private static string RecordId(byte[] prefix, ulong counter)
    {
        Span<byte> id = stackalloc byte[24];
        prefix.CopyTo(id);
        BinaryPrimitives.WriteUInt64BigEndian(id[16..], counter);
        return Convert.ToBase64String(id);
    }
}
