using System.Globalization;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Codecs;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// The representation headers of a stored object, as one document that binds to any output
/// shape carrying them (GetObjectOutput, HeadObjectOutput), so GET and HEAD answer alike.
/// </summary>
public static class ObjectHeaders
{
    /// <summary>Representation headers S3 stores with an object, by member name.</summary>
    public static readonly string[] Stored = ["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "Expires", "WebsiteRedirectLocation"];

    public static T Output<T>(ObjectRecord record, ByteRange? range, bool withChecksums)
        where T : class
    {
        var doc = new JsonObject
        {
            ["AcceptRanges"] = "bytes",
            ["LastModified"] = RestBindings.Iso(record.LastModified),
            ["ContentLength"] = range?.Length ?? record.Size,
            ["ETag"] = S3Context.Quote(record.ETag),
            ["ContentType"] = record.ContentType ?? "binary/octet-stream",
        };
        foreach (var name in Stored)
        {
            if (record.Headers.TryGetValue(name, out var value)) doc[name] = name == "Expires" ? ExpiresValue(value) : value;
        }

        if (record.Metadata.Count > 0) doc["Metadata"] = new JsonObject(record.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        if (record.StorageClass != "STANDARD") doc["StorageClass"] = record.StorageClass;
        if (record.PartsCount is { } parts) doc["PartsCount"] = parts;
        if (record.Tags.Count > 0) doc["TagCount"] = record.Tags.Count;
        if (record.Lock is { } lockState)
        {
            if (lockState.Mode is { } mode) doc["ObjectLockMode"] = mode;
            if (lockState.RetainUntil is { } until) doc["ObjectLockRetainUntilDate"] = RestBindings.Iso(until);
            doc["ObjectLockLegalHoldStatus"] = lockState.LegalHold ? "ON" : "OFF";
        }
        if (range is { } r) doc["ContentRange"] = string.Create(CultureInfo.InvariantCulture, $"bytes {r.Start}-{r.End}/{record.Size}");
        if (withChecksums && range is null)
        {
            foreach (var (name, value) in record.Checksums) doc["Checksum" + name] = value;
            if (record.ChecksumType is { } type && record.Checksums.Count > 0) doc["ChecksumType"] = type;
        }

        var output = (T)TypedDocuments.ToTyped(doc, typeof(T));
        Encryption.EncryptionMembers.Write(output, record.Encryption);
        return output;
    }

    /// <summary>Expires is a timestamp member; a stored value that is not a date is dropped, as S3 clients would fail on it.</summary>
    private static JsonNode? ExpiresValue(string value) =>
        WireValues.ParseTimestamp(value) is { } t ? RestBindings.Iso(t) : null;
}
