using System.Text;
using Basin.Aws.Protocol;

namespace Basin.Services.Kinesis;

/// <summary>Opaque NextToken values for Kinesis list operations: the last item returned, encoded.</summary>
public static class PageTokens
{
    public static string Encode(string last) => Convert.ToBase64String(Encoding.UTF8.GetBytes("k1:" + last));

    public static string Decode(string token)
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

        throw new AwsServiceException("InvalidArgumentException", "Invalid NextToken.");
    }
}
