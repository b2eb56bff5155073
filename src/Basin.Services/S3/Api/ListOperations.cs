using System.Globalization;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Services;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>ListObjects (v1, markers) and ListObjectsV2 (continuation tokens).</summary>
public sealed class ListOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<ListObjectsV2Request, ListObjectsV2Output>("ListObjectsV2", ListObjectsV2Async);
        operations.On<ListObjectsRequest, ListObjectsOutput>("ListObjects", ListObjectsAsync);
    }

    private Task<ListObjectsV2Output> ListObjectsV2Async(ListObjectsV2Request input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var url = EncodingType(input.EncodingType);
        var prefix = input.Prefix ?? string.Empty;
        var maxKeys = MaxKeys(input.MaxKeys);
        var after = input.ContinuationToken is { } token ? ContinuationTokens.Decode(token) : input.StartAfter;
        var (page, truncated) = Page(input.Bucket!, prefix, after, input.Delimiter, maxKeys);
        return Task.FromResult(new ListObjectsV2Output
        {
            Name = input.Bucket,
            Prefix = Encode(prefix, url),
            Delimiter = Encode(input.Delimiter, url),
            MaxKeys = maxKeys,
            EncodingType = input.EncodingType,
            KeyCount = page.Count,
            IsTruncated = truncated,
            ContinuationToken = input.ContinuationToken,
            NextContinuationToken = truncated ? ContinuationTokens.Encode(page[^1].Key) : null,
            StartAfter = Encode(input.StartAfter, url),
            Contents = Contents(page, url, input.FetchOwner == true),
            CommonPrefixes = CommonPrefixes(page, url),
        });
    }

    private Task<ListObjectsOutput> ListObjectsAsync(ListObjectsRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var url = EncodingType(input.EncodingType);
        var prefix = input.Prefix ?? string.Empty;
        var maxKeys = MaxKeys(input.MaxKeys);
        var (page, truncated) = Page(input.Bucket!, prefix, input.Marker, input.Delimiter, maxKeys);
        return Task.FromResult(new ListObjectsOutput
        {
            Name = input.Bucket,
            Prefix = Encode(prefix, url),
            Marker = Encode(input.Marker ?? string.Empty, url),
            Delimiter = Encode(input.Delimiter, url),
            MaxKeys = maxKeys,
            EncodingType = input.EncodingType,
            IsTruncated = truncated,

            // S3 returns NextMarker only with a delimiter; without one the last key is the marker.
            NextMarker = truncated && !string.IsNullOrEmpty(input.Delimiter) ? Encode(page[^1].Key, url) : null,
            Contents = Contents(page, url, fetchOwner: true),
            CommonPrefixes = CommonPrefixes(page, url),
        });
    }

    /// <summary>One page plus whether more follow. Resuming after a CommonPrefix skips everything under it.</summary>
    private (List<ListEntry> Page, bool Truncated) Page(string bucket, string prefix, string? after, string? delimiter, int maxKeys)
    {
        if (maxKeys == 0) return ([], false);
        if (after is not null && !string.IsNullOrEmpty(delimiter) && after.StartsWith(prefix, StringComparison.Ordinal)
            && after.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) == after.Length - delimiter.Length)
        {
            after += S3Store.AfterAllSuffix;
        }

        var entries = s3.Store.ListObjects(bucket, prefix, after, delimiter, maxKeys + 1);
        var truncated = entries.Count > maxKeys;
        if (truncated) entries.RemoveAt(entries.Count - 1);
        return (entries, truncated);
    }

    private static List<Aws.Model.S3.Object>? Contents(List<ListEntry> page, bool url, bool fetchOwner)
    {
        var contents = page.Where(e => e.Object is not null).Select(e => e.Object!).Select(o => new Aws.Model.S3.Object
        {
            Key = Encode(o.Key, url),
            LastModified = o.LastModified,
            ETag = S3Context.Quote(o.ETag),
            Size = o.Size,
            StorageClass = o.StorageClass,
            ChecksumAlgorithm = o.Checksums.Count > 0 ? [.. o.Checksums.Keys] : null,
            ChecksumType = o.Checksums.Count > 0 ? o.ChecksumType : null,
            Owner = fetchOwner ? Owners.For(o.OwnerAccount) : null,
        }).ToList();
        return contents.Count > 0 ? contents : null;
    }

    private static List<CommonPrefix>? CommonPrefixes(List<ListEntry> page, bool url)
    {
        var prefixes = page.Where(e => e.Object is null).Select(e => new CommonPrefix { Prefix = Encode(e.Key, url) }).ToList();
        return prefixes.Count > 0 ? prefixes : null;
    }

    internal static int MaxKeys(int? requested) => requested switch
    {
        null => 1000,
        < 0 => throw S3Errors.InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", requested.Value.ToString(CultureInfo.InvariantCulture)),
        > 1000 => 1000,
        var n => n.Value,
    };

    internal static bool EncodingType(string? value) => value switch
    {
        null => false,
        "url" => true,
        _ => throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", value),
    };

    /// <summary>encoding-type=url: keys are URL-encoded (space as '+'), which botocore decodes with unquote_plus.</summary>
    internal static string? Encode(string? value, bool url) =>
        value is null || !url ? value : SigV4.UriEncode(value, keepSlash: true).Replace("%20", "+", StringComparison.Ordinal);
}
