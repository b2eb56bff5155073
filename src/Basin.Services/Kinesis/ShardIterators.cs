using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Basin.Services.Kinesis;

/// <summary>
/// Shard iterators are opaque to clients and tamper-proof: the position (stream, shard, next
/// counter, optional arrival-time floor) and the issue time, signed with a key kept in the data
/// directory so iterators stay valid across a restart. They expire five minutes after issue.
/// </summary>
public sealed class ShardIterators(byte[] key)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Issue(ShardPosition position, DateTimeOffset now)
    {
        var stream = Encoding.UTF8.GetBytes(position.StreamArn);
        var shard = Encoding.UTF8.GetBytes(position.ShardId);
        var body = new byte[2 + stream.Length + 2 + shard.Length + 8 + 8 + 8];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)stream.Length);
        stream.CopyTo(span[2..]);
        span = span[(2 + stream.Length)..];
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)shard.Length);
        shard.CopyTo(span[2..]);
        span = span[(2 + shard.Length)..];
        BinaryPrimitives.WriteUInt64LittleEndian(span, position.NextCounter);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], position.MinArrivalMs);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], now.ToUnixTimeMilliseconds());
        var mac = HMACSHA256.HashData(key, body).AsSpan(0, 16);
        return Convert.ToBase64String([.. body, .. mac]);
    }

    /// <summary>Decodes an iterator; throws InvalidArgumentException if it is not one of ours.</summary>
    public (ShardPosition Position, DateTimeOffset IssuedAt) Read(string? iterator)
    {
        try
        {
            var bytes = Convert.FromBase64String(iterator ?? string.Empty);
            if (bytes.Length < 16 + 28) throw Invalid();
            var body = bytes.AsSpan(0, bytes.Length - 16);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body).AsSpan(0, 16), bytes.AsSpan(bytes.Length - 16))) throw Invalid();
            int streamLength = BinaryPrimitives.ReadUInt16LittleEndian(body);
            var stream = Encoding.UTF8.GetString(body.Slice(2, streamLength));
            body = body[(2 + streamLength)..];
            int shardLength = BinaryPrimitives.ReadUInt16LittleEndian(body);
            var shard = Encoding.UTF8.GetString(body.Slice(2, shardLength));
            body = body[(2 + shardLength)..];
            var position = new ShardPosition(stream, shard, BinaryPrimitives.ReadUInt64LittleEndian(body), BinaryPrimitives.ReadInt64LittleEndian(body[8..]));
            return (position, DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body[16..])));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Invalid();
        }
    }

    private static Aws.Protocol.AwsServiceException Invalid() => KinesisErrors.InvalidArgument("Invalid ShardIterator.");
}

/// <summary>Where a reader is in a shard: the next counter it wants and an arrival-time floor (AT_TIMESTAMP).</summary>
public sealed record ShardPosition(string StreamArn, string ShardId, ulong NextCounter, long MinArrivalMs);
