using System.Text.Json;

namespace Basin.Storage.S3;

/// <summary>The JSON column holding an object's headers, user metadata, checksums and tags (absent in rows written before tags existed).</summary>
internal sealed record ObjectAttributes(
    Dictionary<string, string> Headers,
    Dictionary<string, string> Metadata,
    Dictionary<string, string> Checksums,
    string? ChecksumType,
    List<long>? PartSizes = null,
    Dictionary<string, string>? Tags = null,
    string? VersionId = null,
    RestoreState? Restore = null,
    List<Dictionary<string, string>>? PartChecksums = null,
    ObjectLockState? Lock = null,
    EncryptionState? Encryption = null,
    List<AclGrant>? Acl = null,
    string? AccessTier = null,
    DateTimeOffset? LastAccessed = null)
{
    public static string Serialize(ObjectRecord r) => JsonSerializer.Serialize(new ObjectAttributes(
        new(r.Headers, StringComparer.Ordinal), new(r.Metadata, StringComparer.Ordinal), new(r.Checksums, StringComparer.Ordinal), r.ChecksumType, r.PartSizes?.ToList(),
        r.Tags.Count == 0 ? null : new(r.Tags, StringComparer.Ordinal), r.VersionId, r.Restore,
        r.PartChecksums?.Select(p => new Dictionary<string, string>(p, StringComparer.Ordinal)).ToList(), r.Lock, r.Encryption, r.Acl?.ToList(), r.AccessTier, r.LastAccessed));

    public static ObjectAttributes Parse(string json) =>
        JsonSerializer.Deserialize<ObjectAttributes>(json) ?? new([], [], [], null);
}
