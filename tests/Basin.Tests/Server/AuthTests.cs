using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Basin.Aws.Protocol.Auth;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>SigV4 verification with <c>--auth sigv4</c>, and presigned URLs (which expire in every mode).</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private BasinServer _basin = null!;

    public async Task InitializeAsync() => _basin = await BasinServer.StartAsync(AuthMode.SigV4);

    public async Task DisposeAsync() => await _basin.DisposeAsync();

    [Fact]
    public async Task Known_key_with_good_signatures_works_including_signed_chunked_uploads()
    {
        using var s3 = _basin.S3();
        await s3.PutBucketAsync("signed");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "signed", Key = "k", ContentBody = new string('x', 200_000), UseChunkEncoding = true });
        Assert.Equal(200_000, (await s3.GetObjectMetadataAsync("signed", "k")).ContentLength);
    }

    [Fact]
    public async Task Wrong_secret_is_signature_does_not_match()
    {
        using var s3 = _basin.S3("test", "wrong");
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task Unknown_key_is_invalid_access_key_id()
    {
        using var s3 = _basin.S3("AKIAUNKNOWN", "whatever");
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
        Assert.Equal(("InvalidAccessKeyId", HttpStatusCode.Forbidden), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task Skewed_clock_is_request_time_too_skewed()
    {
        await using var skewed = await BasinServer.StartAsync(AuthMode.SigV4);
        skewed.Time.Advance(TimeSpan.FromHours(1));
        using var s3 = skewed.S3();
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
        Assert.Equal("RequestTimeTooSkewed", e.ErrorCode);
    }

    [Fact]
    public async Task Sts_reports_the_caller_and_rejects_bad_signatures()
    {
        using var sts = _basin.Sts();
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("000000000000", identity.Account);
        Assert.Equal("arn:aws:iam::000000000000:root", identity.Arn);
        using var bad = _basin.Sts("test", "wrong");
        var e = await Assert.ThrowsAsync<Amazon.SecurityToken.AmazonSecurityTokenServiceException>(() => bad.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", e.ErrorCode);
    }

    [Fact]
    public async Task Presigned_urls_work_expire_and_refuse_tampering()
    {
        using var s3 = _basin.S3();
        await s3.PutBucketAsync("presign");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "presign", Key = "report.csv", ContentBody = "a,b\n1,2\n" });
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = "presign", Key = "report.csv", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP, Verb = HttpVerb.GET });
        using var http = new HttpClient();
        Assert.Equal("a,b\n1,2\n", await http.GetStringAsync(url));

        var tampered = await http.GetAsync(url.Replace("report.csv", "other.csv", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var put = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = "presign", Key = "uploaded.txt", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP, Verb = HttpVerb.PUT });
        Assert.True((await http.PutAsync(put, new StringContent("via presigned PUT"))).IsSuccessStatusCode);
        using var got = await s3.GetObjectAsync("presign", "uploaded.txt");
        Assert.Equal("via presigned PUT", await new StreamReader(got.ResponseStream).ReadToEndAsync());

        _basin.Time.Advance(TimeSpan.FromMinutes(10));
        var expired = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("Request has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_requires_the_signed_payload_hash_header()
    {
        // Signed correctly, but without x-amz-content-sha256, which S3 demands for SigV4.
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var host = new Uri(_basin.Endpoint).Authority;
        var canonical = SigV4.CanonicalRequest("GET", "/", string.Empty, [("host", host), ("x-amz-date", amzDate)], SigV4.EmptySha256);
        var scope = $"{amzDate[..8]}/us-east-1/s3/aws4_request";
        var signature = SigV4.HexHmac(SigV4.SigningKey("test", amzDate[..8], "us-east-1", "s3"), SigV4.StringToSign(amzDate, scope, canonical));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _basin.Endpoint + "/");
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-amz-content-sha256", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_requests_to_json_services_are_refused()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _basin.Endpoint) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("MissingAuthenticationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
