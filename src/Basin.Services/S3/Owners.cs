using System.Security.Cryptography;
using System.Text;
using Basin.Aws.Model.S3;

namespace Basin.Services.S3;

/// <summary>S3 canonical user ids: 64 hex characters, here derived from the account id so they are stable.</summary>
public static class Owners
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Ids = new(StringComparer.Ordinal);

    /// <summary>An account's canonical id; remembered, since listings and ACL checks ask for it per object.</summary>
    public static string CanonicalId(string account) =>
        Ids.GetOrAdd(account, a => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("basin-canonical-user:" + a))));

    public static Owner For(string account) => new() { ID = CanonicalId(account), DisplayName = "basin-" + account };

    public static Initiator InitiatorFor(string account) => new() { ID = CanonicalId(account), DisplayName = "basin-" + account };
}
