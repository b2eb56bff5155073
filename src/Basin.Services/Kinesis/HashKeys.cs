using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
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
    public static UInt128 Of(string partitionKey) =>
        BinaryPrimitives.ReadUInt128BigEndian(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)));

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

    public static ShardInfo Route(IEnumerable<ShardInfo> shards, UInt128 hash) =>
        shards.First(s => s.IsOpen && s.StartingHashKey <= hash && hash <= s.EndingHashKey);
}
