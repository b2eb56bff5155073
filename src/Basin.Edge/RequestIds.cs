using System.Globalization;
using System.Security.Cryptography;

namespace Basin.Edge;

/// <summary>Request ids in S3's style (16 upper-case hex characters), unique per process run.</summary>
public static class RequestIds
{
    private static readonly string Prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
    private static long _counter;

    public static string Next() => Prefix + Interlocked.Increment(ref _counter).ToString("X10", CultureInfo.InvariantCulture);
}
