using System.Text;
using Basin.Aws.Protocol;

namespace Basin.Services;

/// <summary>Opaque NextToken values for list operations: the last item returned, encoded.</summary>
public static class PageTokens
{
    public static string Encode(string last) => Convert.ToBase64String(Encoding.UTF8.GetBytes("k1:" + last));

    /// <summary>Decodes a token; a token that is not one of ours is <paramref name="invalid"/> (each service names its own error).</summary>
    public static string Decode(string token, Func<AwsServiceException> invalid)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("k1:", StringComparison.Ordinal)) return text[3..];
        }
        catch (FormatException)
        {
            // falls through
        }

        throw invalid();
    }

    /// <summary>A token for a numeric position (a row index, a byte offset into a result file).</summary>
    public static string EncodeLong(long position) => Encode(position.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static long DecodeLong(string token, Func<AwsServiceException> invalid) =>
        long.TryParse(Decode(token, invalid), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position) ? position : throw invalid();
}
