using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>
/// Kinesis routing: a partition key maps to the 128-bit integer of its MD5 (big-endian), or an
/// ExplicitHashKey gives that integer directly; the record goes to the open shard whose hash-key
/// range contains it. A new stream splits 0..2^128-1 into equal ranges.
/// </summary>
public static class HashKeys
{
    public static UInt128 Of(string partitionKey)
    {
        // Keys are at most 256 characters, so their UTF-8 fits on the stack.
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(partitionKey.Length, 256))];
        var key = partitionKey.Length <= 256 ? utf8[..Encoding.UTF8.GetBytes(partitionKey, utf8)] : Encoding.UTF8.GetBytes(partitionKey);
        Span<byte> digest = stackalloc byte[16];
        Md5.Hash(key, digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    public static UInt128? ParseExplicit(string? explicitHashKey) =>
        explicitHashKey is not null && explicitHashKey.All(char.IsAsciiDigit) && (explicitHashKey == "0" || explicitHashKey[0] != '0')
            && UInt128.TryParse(explicitHashKey, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>Shard i of n covers floor(i·2^128/n) .. floor((i+1)·2^128/n) − 1, as AWS splits a new stream.</summary>
    public static IEnumerable<(UInt128 Start, UInt128 End)> EvenRanges(int count)
    {
        var space = System.Numerics.BigInteger.One << 128;
        for (var i = 0; i < count; i++)
        {
            var start = space * i / count;
            var end = (space * (i + 1) / count) - 1;
            yield return ((UInt128)start, (UInt128)end);
        }
    }

    public static ShardInfo Route(IReadOnlyList<ShardInfo> shards, UInt128 hash)
    {
        // A plain loop: this runs for every record put, over a handful of shards.
        for (var i = 0; i < shards.Count; i++)
        {
            var s = shards[i];
            if (s.IsOpen && s.StartingHashKey <= hash && hash <= s.EndingHashKey) return s;
        }

        throw new InvalidOperationException("No open shard covers hash key " + hash);
    }
}
