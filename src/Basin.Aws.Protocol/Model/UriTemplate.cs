using System.Text;

namespace Basin.Aws.Protocol.Model;

/// <summary>
/// A REST request URI template from an API model (<c>/{Bucket}/{Key+}?uploads</c>): literal
/// and label path segments, an optional greedy label, and query literals that must be present.
/// </summary>
public sealed class UriTemplate
{
    private UriTemplate(IReadOnlyList<Segment> segments, IReadOnlyList<KeyValuePair<string, string?>> queryLiterals)
    {
        Segments = segments;
        QueryLiterals = queryLiterals;
    }

    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>Query keys (with an optional required value) the template demands, e.g. <c>uploads</c>, <c>list-type=2</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> QueryLiterals { get; }

    public static UriTemplate Parse(string template)
    {
        var q = template.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? template : template[..q];
        var literals = new List<KeyValuePair<string, string?>>();
        if (q >= 0)
        {
            foreach (var part in template[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                literals.Add(eq < 0 ? new(part, null) : new(part[..eq], part[(eq + 1)..]));
            }
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.StartsWith('{') && s.EndsWith('}')
                ? new Segment(s[1..^1].TrimEnd('+'), IsLabel: true, IsGreedy: s.EndsWith("+}", StringComparison.Ordinal))
                : new Segment(s, IsLabel: false, IsGreedy: false))
            .ToArray();
        return new UriTemplate(segments, literals);
    }

    /// <summary>
    /// Matches a raw (still percent-encoded) request path; on success returns the decoded label values.
    /// A trailing slash is tolerated (S3 clients send <c>/bucket/</c>), but a greedy label must be non-empty.
    /// </summary>
    public Dictionary<string, string>? Match(string rawPath)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var pos = rawPath.StartsWith('/') ? 1 : 0;
        foreach (var segment in Segments)
        {
            if (segment.IsGreedy)
            {
                if (pos >= rawPath.Length) return null;
                labels[segment.Name] = PercentDecode(rawPath.AsSpan(pos));
                return labels;
            }

            // A path shorter than the template (/v20180820/accesspoint against .../{Name}).
            if (pos > rawPath.Length) return null;
            var end = rawPath.IndexOf('/', pos);
            if (end < 0) end = rawPath.Length;
            var raw = rawPath.AsSpan(pos, end - pos);
            if (raw.IsEmpty) return null;
            if (segment.IsLabel)
            {
                labels[segment.Name] = PercentDecode(raw);
            }
            else if (!raw.SequenceEqual(segment.Text))
            {
                return null;
            }

            pos = end + 1;
        }

        // Everything consumed, allowing one trailing slash.
        return pos >= rawPath.Length ? labels : null;
    }

    /// <summary>RFC 3986 percent-decoding as UTF-8; '+' stays '+' in a path.</summary>
    public static string PercentDecode(ReadOnlySpan<char> raw) =>
        raw.IndexOf('%') < 0 ? raw.ToString() : Decode(raw, strict: false)!;

    /// <summary>
    /// Percent-decodes strictly, as S3 reads URL-encoded headers (x-amz-tagging): every '%' must
    /// start a valid escape and the bytes must be UTF-8; null otherwise.
    /// </summary>
    public static string? TryPercentDecodeStrict(ReadOnlySpan<char> raw) => Decode(raw, strict: true);

    private static string? Decode(ReadOnlySpan<char> raw, bool strict)
    {
        var bytes = new List<byte>(raw.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                bytes.Add((byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
                continue;
            }

            if (raw[i] == '%' && strict) return null;
            var n = Encoding.UTF8.GetBytes(raw.Slice(i, char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1), one);
            if (char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length) i++;
            for (var k = 0; k < n; k++) bytes.Add(one[k]);
        }

        if (!strict) return Encoding.UTF8.GetString(bytes.ToArray());
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    public sealed record Segment(string Text, bool IsLabel, bool IsGreedy)
    {
        public string Name => Text;
    }
}
