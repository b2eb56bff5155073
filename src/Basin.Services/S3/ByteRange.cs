using System.Globalization;

namespace Basin.Services.S3;

/// <summary>A single HTTP byte range (S3 supports one range per GET; see RFC 9110 §14.1.2).</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> against the object size. A header that
    /// is not a single well-formed byte range is ignored (the whole object is returned), as S3 does;
    /// a well-formed range outside the object is InvalidRange (416).
    /// </summary>
    public static ByteRange? Parse(string? header, long size)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal)) return null;
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix)) return null;
            if (suffix == 0 || size == 0) throw Unsatisfiable(header, size);
            var n = Math.Min(suffix, size);
            return new ByteRange(size - n, n);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start) return null;
            end = Math.Min(end, size - 1);
        }

        return start >= size ? throw Unsatisfiable(header, size) : new ByteRange(start, end - start + 1);
    }

    private static Aws.Protocol.AwsServiceException Unsatisfiable(string header, long size) =>
        new Aws.Protocol.AwsServiceException("InvalidRange", "The requested range is not satisfiable", 416)
            .With("RangeRequested", header).With("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture));
}
