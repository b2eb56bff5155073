using Basin.Aws.Model.S3;

namespace Basin.Services.S3.Cors;

/// <summary>
/// S3's CORS rules: checked on PutBucketCors (1–100 rules, methods GET/PUT/POST/DELETE/HEAD, at
/// most one '*' per origin and header pattern), and matched against a request as S3 does: the
/// first rule whose origin pattern, method and every requested header (case-insensitively) match.
/// </summary>
public static class CorsRules
{
    public const int MaxRules = 100;
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    public static void Validate(CORSConfiguration? configuration)
    {
        var rules = configuration?.CORSRules;
        if (rules is null || rules.Count is 0 or > MaxRules) throw S3Errors.MalformedXml();
        foreach (var rule in rules)
        {
            if (rule.AllowedMethods is not { Count: > 0 } methods || rule.AllowedOrigins is not { Count: > 0 } origins) throw S3Errors.MalformedXml();
            if (rule.ID is { Length: > 255 }) throw S3Errors.InvalidArgument("The ID of a CORS rule must be at most 255 characters.", "ID", rule.ID);
            if (methods.FirstOrDefault(m => !Methods.Contains(m, StringComparer.Ordinal)) is { } method)
            {
                throw S3Errors.InvalidRequest($"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            }

            if (origins.FirstOrDefault(o => o.Count(c => c == '*') > 1) is { } origin)
            {
                throw S3Errors.InvalidRequest($"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
            }

            if ((rule.AllowedHeaders ?? []).FirstOrDefault(h => h.Count(c => c == '*') > 1) is { } header)
            {
                throw S3Errors.InvalidRequest($"AllowedHeader \"{header}\" can not have more than one wildcard.");
            }

            if (rule.MaxAgeSeconds < 0) throw S3Errors.MalformedXml();
        }
    }

    /// <summary>The first rule allowing this origin, method and set of request headers.</summary>
    public static CORSRule? Match(CORSConfiguration configuration, string origin, string method, IReadOnlyList<string> requestHeaders) =>
        configuration.CORSRules?.FirstOrDefault(rule =>
            (rule.AllowedOrigins ?? []).Any(o => Glob(o, origin, StringComparison.Ordinal))
            && (rule.AllowedMethods ?? []).Contains(method, StringComparer.Ordinal)
            && requestHeaders.All(h => (rule.AllowedHeaders ?? []).Any(a => Glob(a, h, StringComparison.OrdinalIgnoreCase))));

    /// <summary>The Access-Control-* headers S3 sends for a matched rule.</summary>
    public static Dictionary<string, string> Headers(CORSRule rule, string origin, IReadOnlyList<string> requestHeaders, bool preflight)
    {
        var anyOrigin = rule.AllowedOrigins!.Contains("*", StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Access-Control-Allow-Origin"] = anyOrigin ? "*" : origin,
            ["Access-Control-Allow-Methods"] = string.Join(", ", rule.AllowedMethods!),
            ["Vary"] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
        };
        if (!anyOrigin) headers["Access-Control-Allow-Credentials"] = "true";
        if (preflight && requestHeaders.Count > 0) headers["Access-Control-Allow-Headers"] = string.Join(", ", requestHeaders);
        if (rule.ExposeHeaders is { Count: > 0 } expose) headers["Access-Control-Expose-Headers"] = string.Join(", ", expose);
        if (rule.MaxAgeSeconds is { } maxAge) headers["Access-Control-Max-Age"] = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return headers;
    }

    /// <summary>A pattern with at most one '*', which stands for any run of characters.</summary>
    private static bool Glob(string pattern, string value, StringComparison comparison)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0) return string.Equals(pattern, value, comparison);
        var (head, tail) = (pattern[..star], pattern[(star + 1)..]);
        return value.Length >= head.Length + tail.Length && value.StartsWith(head, comparison) && value.EndsWith(tail, comparison);
    }
}
