using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.S3.Api;

/// <summary>
/// GetObjectAttributes: the attributes named in x-amz-object-attributes (ETag, Checksum,
/// ObjectParts, StorageClass, ObjectSize) without the body. An element appears only for an
/// attribute the request names and the object has; the parts of a multipart object are listed
/// (paged by x-amz-max-parts / x-amz-part-number-marker) only when it was uploaded with checksums.
/// </summary>
public sealed class AttributesOperations(S3Context s3)
{
    private const string HeaderName = "x-amz-object-attributes";
    private static readonly string[] Names = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"];

    public void Register(OperationTable operations) =>
        operations.On<GetObjectAttributesRequest, GetObjectAttributesOutput>("GetObjectAttributes", (input, request) => Task.FromResult(Get(input, request)));

    private GetObjectAttributesOutput Get(GetObjectAttributesRequest input, AwsRequest request)
    {
        var header = request.Http.Request.Headers[HeaderName].ToString();
        if (header.Length == 0) throw S3Errors.InvalidRequest($"Missing required header for this request: {HeaderName}");
        var wanted = header.Split(',').Select(n => n.Trim()).ToList();
        if (wanted.Any(n => !Names.Contains(n, StringComparer.Ordinal))) throw S3Errors.InvalidArgument("Invalid attribute name specified.", HeaderName, header);

        s3.RequireBucket(input.Bucket);
        var version = s3.ReadableVersion(input.Bucket!, S3Context.RequireKey(input.Key), input.VersionId);
        s3.Encryption.ReadKey(version, Encryption.CustomerKeys.ForRead(input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5));
        var output = new GetObjectAttributesOutput { LastModified = version.LastModified, VersionId = s3.VersionIdOf(version) };
        if (wanted.Contains("ETag")) output.ETag = version.ETag;
        if (wanted.Contains("StorageClass")) output.StorageClass = version.StorageClass;
        if (wanted.Contains("ObjectSize")) output.ObjectSize = version.Size;
        if (wanted.Contains("Checksum") && version.Checksums.Count > 0)
        {
            output.Checksum = new Checksum { ChecksumType = version.ChecksumType };
            ChecksumMembers.Write(output.Checksum, version.Checksums);
        }

        if (wanted.Contains("ObjectParts") && version.PartsCount is { } count) output.ObjectParts = Parts(version, count, input.MaxParts, input.PartNumberMarker);
        return output;
    }

    private static GetObjectAttributesParts Parts(Storage.S3.ObjectRecord version, int count, int? maxParts, int? marker)
    {
        if (version.PartChecksums is not { } checksums) return new GetObjectAttributesParts { TotalPartsCount = count };
        var max = Math.Clamp(maxParts ?? 1000, 0, 1000);
        var from = Math.Max(marker ?? 0, 0);
        var page = Enumerable.Range(from + 1, Math.Max(0, Math.Min(max, count - from))).ToList();
        var parts = page.Select(n =>
        {
            var part = new ObjectPart { PartNumber = n, Size = version.PartSizes![n - 1] };
            ChecksumMembers.Write(part, checksums[n - 1]);
            return part;
        }).ToList();
        return new GetObjectAttributesParts
        {
            TotalPartsCount = count,
            PartNumberMarker = from,
            NextPartNumberMarker = page.Count > 0 ? page[^1] : from,
            MaxParts = max,
            IsTruncated = (page.Count > 0 ? page[^1] : from) < count,
            Parts = parts.Count > 0 ? parts : null,
        };
    }
}
