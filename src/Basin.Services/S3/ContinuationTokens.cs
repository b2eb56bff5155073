using System.Text;

namespace Basin.Services.S3;

/// <summary>Opaque listing tokens: the last key returned, base64url-encoded.</summary>
public static class ContinuationTokens
{
    public static string Encode(string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("1:" + lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Decode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("1:", StringComparison.Ordinal)) return text[2..];
        }
        catch (FormatException)
        {
            // falls through to the error below
        }

        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }
}
