using System.Globalization;
using Basin.Aws.Protocol;

namespace Basin.Services.Access;

/// <summary>
/// The aws: condition keys every service's policies can test (transport, time, source address,
/// principal, user agent); a service adds its own keys to the dictionary this returns.
/// </summary>
public static class GlobalConditionKeys
{
    public static Dictionary<string, IReadOnlyList<string>> For(AwsRequest request, DateTimeOffset now)
    {
        var http = request.Http.Request;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SecureTransport"] = [http.IsHttps ? "true" : "false"],
            ["aws:CurrentTime"] = [now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
            ["aws:EpochTime"] = [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
        };
        if (request.Http.Connection.RemoteIpAddress is { } ip) keys["aws:SourceIp"] = [(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()];
        if (!request.Caller.IsAnonymous)
        {
            keys["aws:PrincipalAccount"] = [request.Caller.AccountId];
            keys["aws:PrincipalArn"] = [request.Caller.Arn];
            keys["aws:userid"] = [request.Caller.UserId];
            keys["aws:username"] = [request.Caller.Arn[(request.Caller.Arn.LastIndexOf('/') + 1)..]];
        }

        foreach (var (header, name) in (ReadOnlySpan<(string, string)>)[("User-Agent", "aws:UserAgent"), ("Referer", "aws:Referer")])
        {
            if (http.Headers[header].ToString() is { Length: > 0 } value) keys[name] = [value];
        }

        return keys;
    }
}
