using Basin.Aws.Protocol.Model;
using Basin.Edge;
using Microsoft.AspNetCore.Http;

namespace Basin.Tests.Unit;

public class RoutingTests
{
    private static readonly ServiceModel S3 = ServiceModel.Load("s3");

    [Theory]
    [InlineData("GET", "/", "", null, "ListBuckets")]
    [InlineData("PUT", "/b", "", null, "CreateBucket")]
    [InlineData("GET", "/b", "", null, "ListObjects")]
    [InlineData("GET", "/b", "?list-type=2&prefix=a", null, "ListObjectsV2")]
    [InlineData("GET", "/b", "?location", null, "GetBucketLocation")]
    [InlineData("POST", "/b", "?delete", null, "DeleteObjects")]
    [InlineData("PUT", "/b/k", "", null, "PutObject")]
    [InlineData("PUT", "/b/k", "", "x-amz-copy-source", "CopyObject")]
    [InlineData("PUT", "/b/k", "?partNumber=1&uploadId=u", null, "UploadPart")]
    [InlineData("PUT", "/b/k", "?partNumber=1&uploadId=u", "x-amz-copy-source", "UploadPartCopy")]
    [InlineData("POST", "/b/k", "?uploads", null, "CreateMultipartUpload")]
    [InlineData("POST", "/b/k", "?uploadId=u", null, "CompleteMultipartUpload")]
    [InlineData("GET", "/b/k", "?uploadId=u", null, "ListParts")]
    [InlineData("GET", "/b/k", "", null, "GetObject")]
    [InlineData("HEAD", "/b/k", "", null, "HeadObject")]
    [InlineData("HEAD", "/b", "", null, "HeadBucket")]
    [InlineData("DELETE", "/b/k", "?uploadId=u", null, "AbortMultipartUpload")]
    [InlineData("GET", "/b/k", "?tagging", null, "GetObjectTagging")]
    [InlineData("GET", "/b/k", "?attributes", null, "GetObjectAttributes")]
    [InlineData("GET", "/b/k", "?attributes", "x-amz-object-attributes", "GetObjectAttributes")]
    [InlineData("PUT", "/b", "?lifecycle", null, "PutBucketLifecycleConfiguration")]
    [InlineData("GET", "/b", "?lifecycle", null, "GetBucketLifecycleConfiguration")]
    [InlineData("GET", "/b", "?notification", null, "GetBucketNotificationConfiguration")]
    public void S3_requests_resolve_to_their_operation(string method, string path, string query, string? header, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        if (header is not null) context.Request.Headers[header] = "src/key";
        var match = RestOperationMatcher.Match(S3, context.Request, path);
        Assert.NotNull(match);
        Assert.Equal(expected, match.Value.Operation.Name);
    }
}
