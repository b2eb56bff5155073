using System.Globalization;
using System.Net;

namespace Basin.Services.Access;

/// <summary>
/// IAM condition operators over the request's condition keys: String* (Like with wildcards,
/// IgnoreCase), Numeric*, Date*, Bool, IpAddress/NotIpAddress (CIDR), Arn*, Null, each with an
/// IfExists form (true when the key is absent). Values of one key are ORed, keys and operators
/// ANDed. A key the request lacks fails every operator but the Not*, Null and IfExists forms.
/// </summary>
public static class PolicyConditions
{
    private static readonly string[] Operators =
    [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    ];

    /// <summary>Keys that pin a public grant to known callers (S3 does not call such a policy public).</summary>
    private static readonly string[] Restricting =
        ["aws:SourceIp", "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalArn", "s3:DataAccessPointAccount"];

    public static bool IsKnown(string op) => Operators.Contains(Base(op));

    public static bool Restricts(PolicyCondition c) =>
        Restricting.Contains(c.Key, StringComparer.OrdinalIgnoreCase) && Base(c.Operator) is "StringEquals" or "IpAddress" or "ArnEquals" or "ArnLike" or "StringLike"
        && c.Values.All(v => !v.Contains('*', StringComparison.Ordinal) && v != "0.0.0.0/0");

    public static bool Holds(PolicyCondition c, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        var op = Base(c.Operator);
        var present = TryGet(keys, c.Key, out var actual);
        if (op == "Null") return c.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)) != present;
        if (!present) return c.Operator.EndsWith("IfExists", StringComparison.Ordinal) || op.Contains("Not", StringComparison.Ordinal);
        var negated = op is "StringNotEquals" or "StringNotEqualsIgnoreCase" or "StringNotLike" or "NumericNotEquals" or "DateNotEquals" or "NotIpAddress" or "ArnNotEquals" or "ArnNotLike";
        var any = actual.Any(a => c.Values.Any(v => Test(op, a, v)));
        return negated ? !actual.Any(a => c.Values.Any(v => Test(Positive(op), a, v))) : any;
    }

    private static bool Test(string op, string actual, string expected) => op switch
    {
        "StringEquals" or "ArnEquals" => actual == expected,
        "StringEqualsIgnoreCase" => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase),
        "StringLike" or "ArnLike" => PolicyMatching.Like(expected, actual),
        "Bool" => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase),
        "IpAddress" => InRange(actual, expected),
        "NumericEquals" or "NumericLessThan" or "NumericLessThanEquals" or "NumericGreaterThan" or "NumericGreaterThanEquals" => Compare(op, Number(actual), Number(expected)),
        "DateEquals" or "DateLessThan" or "DateLessThanEquals" or "DateGreaterThan" or "DateGreaterThanEquals" => Compare(op, Date(actual), Date(expected)),
        _ => false,
    };

    private static string Positive(string op) => op switch
    {
        "StringNotEquals" => "StringEquals",
        "StringNotEqualsIgnoreCase" => "StringEqualsIgnoreCase",
        "StringNotLike" => "StringLike",
        "NumericNotEquals" => "NumericEquals",
        "DateNotEquals" => "DateEquals",
        "NotIpAddress" => "IpAddress",
        "ArnNotEquals" => "ArnEquals",
        "ArnNotLike" => "ArnLike",
        _ => op,
    };

    private static bool Compare(string op, double? a, double? b)
    {
        if (a is not { } x || b is not { } y) return false;
        return op.EndsWith("LessThanEquals", StringComparison.Ordinal) ? x <= y
            : op.EndsWith("LessThan", StringComparison.Ordinal) ? x < y
            : op.EndsWith("GreaterThanEquals", StringComparison.Ordinal) ? x >= y
            : op.EndsWith("GreaterThan", StringComparison.Ordinal) ? x > y
            : x == y;
    }

    private static double? Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static double? Date(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.ToUnixTimeMilliseconds()
        : long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) ? epoch * 1000.0 : null;

    private static bool InRange(string address, string cidr)
    {
        try
        {
            return IPAddress.TryParse(address, out var ip) && (cidr.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(cidr).Contains(ip) : IPAddress.Parse(cidr).Equals(ip));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryGet(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, string key, out IReadOnlyList<string> values)
    {
        foreach (var (name, v) in keys)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                values = v;
                return true;
            }
        }

        values = [];
        return false;
    }

    /// <summary>The operator without its IfExists suffix.</summary>
    private static string Base(string op) => op.EndsWith("IfExists", StringComparison.Ordinal) ? op[..^"IfExists".Length] : op;
}
