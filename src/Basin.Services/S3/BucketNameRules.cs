using System.Net;

namespace Basin.Services.S3;

/// <summary>General purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules").</summary>
public static class BucketNameRules
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63) return false;
        if (!IsLetterOrDigit(name[0]) || !IsLetterOrDigit(name[^1])) return false;
        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not '.' and not '-') return false;
        }

        if (name.Contains("..", StringComparison.Ordinal)) return false;
        if (name.Count(c => c == '.') == 3 && IPAddress.TryParse(name, out _)) return false;
        return !ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            && !ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
