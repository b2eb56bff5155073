using System.Security.Cryptography;
using System.Text;

namespace Basin.Storage.Files;

/// <summary>
/// Directory names for resources known by ARN (Kinesis streams, Firehose buffers): ARNs hold
/// characters a path should not, so the directory is named by a hash of the ARN, stable across
/// restarts.
/// </summary>
public static class ResourceDirectories
{
    public static string Name(string arn) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(arn)))[..24];
}
