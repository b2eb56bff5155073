using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Codecs;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// Builds the stored form of a new object from any request that creates one (PutObject,
/// CopyObject with REPLACE, CreateMultipartUpload): they share the content-header, metadata,
/// storage-class and tagging members, read here by name so the rules live in one place.
/// </summary>
public static class ObjectTemplates
{
    private const int MaxMetadataBytes = 2048;

    /// <summary>
    /// The members of a write request as one document. Templates, encryption and ACLs all read it,
    /// so a request is converted once.
    /// </summary>
    public static JsonObject Members(object input) => TypedDocuments.ToDocument(input, input.GetType());

    public static ObjectRecord From(JsonObject doc, AwsRequest request, string bucket, string key, DateTimeOffset now)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ObjectHeaders.Stored)
        {
            if (doc[name]?.GetValue<string>() is { } value) headers[name] = value;
        }

        // aws-chunked is transfer framing, not a property of the object (S3 strips it).
        if (headers.TryGetValue("ContentEncoding", out var encoding))
        {
            var kept = string.Join(',', encoding.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0 && e != "aws-chunked"));
            if (kept.Length > 0) headers["ContentEncoding"] = kept;
            else headers.Remove("ContentEncoding");
        }

        var metadata = doc["Metadata"]?.AsObject().ToDictionary(kv => kv.Key.ToLowerInvariant(), kv => kv.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var metadataSize = metadata.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(kv.Value));
        if (metadataSize > MaxMetadataBytes)
        {
            throw new AwsServiceException("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
                .With("Size", metadataSize.ToString(CultureInfo.InvariantCulture)).With("MaxSizeAllowed", MaxMetadataBytes.ToString(CultureInfo.InvariantCulture));
        }

        return ObjectRecord.Blank(bucket, key, now, request.Caller.AccountId) with
        {
            StorageClass = StorageClass(doc["StorageClass"]?.GetValue<string>(), request),
            ContentType = doc["ContentType"]?.GetValue<string>() ?? "binary/octet-stream",
            Headers = headers,
            Metadata = metadata,
            Tags = TagSets.FromHeader(doc["Tagging"]?.GetValue<string>()),
        };
    }

    /// <summary>Any storage class the API model lists is accepted (issue 3 gives them behaviour).</summary>
    public static string StorageClass(string? value, AwsRequest request)
    {
        if (value is null) return "STANDARD";
        var valid = request.Service.Shapes.TryGetValue("StorageClass", out var shape) ? shape.Enum : null;
        return valid is null || valid.Contains(value)
            ? value
            : throw new AwsServiceException("InvalidStorageClass", "The storage class you specified is not valid").With("StorageClassRequested", value);
    }
}
