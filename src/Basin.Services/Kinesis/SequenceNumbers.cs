using System.Globalization;

namespace Basin.Services.Kinesis;

/// <summary>
/// Sequence numbers look like AWS's: 56-digit decimal strings. Basin's are <c>49</c>, the stream's
/// creation time in epoch seconds (10 digits), then the record's stream-wide counter (44 digits),
/// so they increase within a shard, are unique across the stream, and compare as strings.
/// </summary>
public static class SequenceNumbers
{
    private const int CounterDigits = 44;

    public static string Format(long streamCreatedMs, ulong counter) =>
        string.Create(56, (Seconds: streamCreatedMs / 1000, Counter: counter), static (span, s) =>
        {
            // Written digit by digit: this runs once per record returned (GetRecords, fan-out).
            span[0] = '4';
            span[1] = '9';
            var seconds = s.Seconds;
            for (var i = 11; i >= 2; i--, seconds /= 10) span[i] = (char)('0' + (seconds % 10));
            var counter = s.Counter;
            for (var i = 55; i >= 12; i--, counter /= 10) span[i] = (char)('0' + (counter % 10));
        });

    /// <summary>The counter inside a sequence number of this stream; null if it is not one.</summary>
    public static ulong? Parse(string? sequenceNumber, long streamCreatedMs)
    {
        if (sequenceNumber is not { Length: 56 } || !sequenceNumber.All(char.IsAsciiDigit)) return null;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"49{streamCreatedMs / 1000:D10}");
        if (!sequenceNumber.StartsWith(prefix, StringComparison.Ordinal)) return null;
        return ulong.TryParse(sequenceNumber.AsSpan(12), NumberStyles.None, CultureInfo.InvariantCulture, out var counter) ? counter : null;
    }
}
