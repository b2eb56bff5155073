using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Encryption;

/// <summary>
/// KMS key ids as S3 takes them (key id, key ARN, alias name, alias ARN) turned into the key ARN
/// S3 reports. Basin manages the keys itself until a KMS API exists: every well-formed id names a
/// key (its material is created on first use in the key vault), and an alias resolves to a key
/// id derived from the account and alias, so the same alias always means the same key.
/// </summary>
public static partial class KmsKeyIds
{
    /// <summary>The AWS managed key S3 uses for aws:kms when no key id is given.</summary>
    public const string AwsManagedS3 = "alias/aws/s3";

    public static string ToKeyArn(string keyId, string region, string account)
    {
        if (KeyIdPattern().IsMatch(keyId)) return $"arn:aws:kms:{region}:{account}:key/{keyId.ToLowerInvariant()}";
        if (keyId.StartsWith("alias/", StringComparison.Ordinal) && keyId.Length > 6) return $"arn:aws:kms:{region}:{account}:key/{AliasKeyId(account, keyId)}";
        if (KeyArnPattern().Match(keyId) is { Success: true } arn)
        {
            var (arnRegion, arnAccount, resource) = (arn.Groups[1].Value, arn.Groups[2].Value, arn.Groups[3].Value);
            if (arnRegion != region) throw NotFound($"Invalid arn {arnRegion}");
            if (resource.StartsWith("key/", StringComparison.Ordinal) && KeyIdPattern().IsMatch(resource[4..])) return keyId;
            if (resource.StartsWith("alias/", StringComparison.Ordinal) && resource.Length > 6) return $"arn:aws:kms:{region}:{arnAccount}:key/{AliasKeyId(arnAccount, resource)}";
        }

        throw NotFound($"Invalid keyId '{keyId}'");
    }

    private static AwsServiceException NotFound(string message) => new("KMS.NotFoundException", message);

    /// <summary>A stable key id (UUID form) for an alias in an account.</summary>
    private static string AliasKeyId(string account, string alias)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(account + "/" + alias));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:([a-z0-9-]+):([0-9]{12}):(.+)$")]
    private static partial Regex KeyArnPattern();
}
