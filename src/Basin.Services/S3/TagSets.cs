using System.Globalization;
using System.Text;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Model;

namespace Basin.Services.S3;

/// <summary>
/// S3's tag rules, for objects (at most 10) and buckets (at most 50): keys of 1–128 and values of
/// 0–256 UTF-16 code units made of letters, digits, spaces and <c>+ - = . _ : / @</c>; unique
/// keys; no <c>aws:</c> prefix. Also parses the <c>x-amz-tagging</c> header (URL-encoded query
/// parameters) that sets an object's tags on upload.
/// </summary>
public static class TagSets
{
    public const int MaxObjectTags = 10;
    public const int MaxBucketTags = 50;
    private const int MaxKeyLength = 128;
    private const int MaxValueLength = 256;
    private const string HeaderMessage = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

    /// <summary>A tag set from a Tagging document (a missing Key or Value element is malformed XML).</summary>
    public static Dictionary<string, string> Validate(IReadOnlyList<Aws.Model.S3.Tag> tags, bool bucket)
    {
        if (tags.Any(t => t.Key is null || t.Value is null)) throw S3Errors.MalformedXml();
        return Validate(tags.Select(t => (t.Key!, t.Value!)).ToList(), bucket);
    }

    /// <summary>The tags of an <c>x-amz-tagging</c> header; empty when there is none.</summary>
    public static Dictionary<string, string> FromHeader(string? header)
    {
        if (string.IsNullOrEmpty(header)) return new(StringComparer.Ordinal);
        var pairs = new List<(string, string)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in header.Split('&'))
        {
            if (part.Length == 0) continue;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? part : part[..equals], header);
            var value = equals < 0 ? "" : Decode(part[(equals + 1)..], header);
            if (key.Length == 0 || !keys.Add(key)) throw InvalidHeader(header);
            pairs.Add((key, value));
        }

        return Validate(pairs, bucket: false);
    }

    private static Dictionary<string, string> Validate(IReadOnlyList<(string Key, string Value)> tags, bool bucket)
    {
        if (bucket && tags.Count > MaxBucketTags) throw BadRequest("Bucket tag count cannot be greater than 50");
        if (!bucket && tags.Count > MaxObjectTags) throw BadRequest("Object tags cannot be greater than 10");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > MaxKeyLength || !Allowed(key))
            {
                throw new AwsServiceException("InvalidTag", "The TagKey you have provided is invalid").With("TagKey", key);
            }

            if (value.Length > MaxValueLength || !Allowed(value))
            {
                throw new AwsServiceException("InvalidTag", "The TagValue you have provided is invalid").With("TagKey", key).With("TagValue", value);
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new AwsServiceException("InvalidTag", bucket
                    ? "User-defined tag keys can't start with \"aws:\". This prefix is reserved for system tags."
                    : "System tags cannot be added/updated by requester").With("TagKey", key);
            }

            if (!result.TryAdd(key, value))
            {
                throw new AwsServiceException("InvalidTag", "Cannot provide multiple Tags with the same key").With("TagKey", key);
            }
        }

        return result;
    }

    /// <summary>Letters, digits and separators of any script, and the few symbols S3 allows.</summary>
    private static bool Allowed(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || Rune.GetNumericValue(rune) >= 0 || (rune.IsAscii && "+-=._:/@".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>URL-decodes one header component as a query parameter: '+' is a space, escapes must be valid and spell UTF-8.</summary>
    private static string Decode(string text, string header) =>
        UriTemplate.TryPercentDecodeStrict(text.Replace("+", "%20", StringComparison.Ordinal)) ?? throw InvalidHeader(header);

    private static AwsServiceException InvalidHeader(string header) => S3Errors.InvalidArgument(HeaderMessage, "x-amz-tagging", header);

    private static AwsServiceException BadRequest(string message) => new("BadRequest", message);
}
