using System.Text;
using Basin.Aws.Protocol.Auth;

namespace Basin.Tests.Unit;

public class SigV4Tests
{
    // The worked example of the AWS General Reference ("Create a signed AWS API request"):
    // IAM ListUsers, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30 12:36:00 UTC.
    [Fact]
    public void Reproduces_the_documented_example_signature()
    {
        var canonical = SigV4.CanonicalRequest(
            "GET",
            SigV4.CanonicalUri("/", "iam"),
            SigV4.CanonicalQuery("Action=ListUsers&Version=2010-05-08"),
            [("content-type", "application/x-www-form-urlencoded; charset=utf-8"), ("host", "iam.amazonaws.com"), ("x-amz-date", "20150830T123600Z")],
            SigV4.EmptySha256);
        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", SigV4.HexSha256(canonical));

        var key = SigV4.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
        var stringToSign = SigV4.StringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", SigV4.HexHmac(key, stringToSign));
    }

    [Theory]
    [InlineData("a=1&b=2", "a=1&b=2")]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("uploads", "uploads=")]
    [InlineData("prefix=a%20b&delimiter=%2F", "delimiter=%2F&prefix=a%20b")]
    [InlineData("k=a+b", "k=a%2Bb")]
    [InlineData("k=%7e", "k=~")]
    public void Canonical_query_is_sorted_and_strictly_encoded(string raw, string expected) =>
        Assert.Equal(expected, SigV4.CanonicalQuery(raw));

    [Fact]
    public void S3_signs_the_path_as_sent_and_other_services_encode_it_again()
    {
        Assert.Equal("/b/a%20b", SigV4.CanonicalUri("/b/a%20b", "s3"));
        Assert.Equal("/b/a%2520b", SigV4.CanonicalUri("/b/a%20b", "lambda"));
    }

    [Fact]
    public void Header_values_are_trimmed_and_spaces_collapsed() =>
        Assert.Equal("a b c", SigV4.CanonicalHeaderValue("  a   b c "));

    [Fact]
    public async Task Chunked_stream_decodes_and_verifies_chained_signatures()
    {
        var key = SigV4.SigningKey("secret", "20240101", "us-east-1", "s3");
        const string scope = "20240101/us-east-1/s3/aws4_request";
        const string date = "20240101T000000Z";
        var seed = "seedsignature";
        var chunks = new[] { Encoding.ASCII.GetBytes("hello "), Encoding.ASCII.GetBytes("world"), [] };
        var body = new MemoryStream();
        var previous = seed;
        foreach (var chunk in chunks)
        {
            var sts = $"AWS4-HMAC-SHA256-PAYLOAD\n{date}\n{scope}\n{previous}\n{SigV4.EmptySha256}\n{SigV4.HexSha256(chunk)}";
            previous = SigV4.HexHmac(key, sts);
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x};chunk-signature={previous}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
        }

        body.Position = 0;
        var trailers = new Dictionary<string, string>();
        using var decoded = new AwsChunkedStream(body, trailers, key, seed, date, scope);
        Assert.Equal("hello world", await new StreamReader(decoded).ReadToEndAsync());

        // Flip one payload byte: the chunk signature no longer matches.
        var tampered = body.ToArray();
        tampered[Array.IndexOf(tampered, (byte)'w')] = (byte)'W';
        using var bad = new AwsChunkedStream(new MemoryStream(tampered), trailers, key, seed, date, scope);
        var error = await Assert.ThrowsAsync<Aws.Protocol.AwsServiceException>(() => new StreamReader(bad).ReadToEndAsync());
        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task Unsigned_chunks_with_a_trailer_expose_the_trailing_checksum()
    {
        var body = new MemoryStream(Encoding.ASCII.GetBytes("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"));
        var trailers = new Dictionary<string, string>();
        using var decoded = new AwsChunkedStream(body, trailers, null, string.Empty, string.Empty, string.Empty);
        Assert.Equal("hello", await new StreamReader(decoded).ReadToEndAsync());
        Assert.Equal("NhCmhg==", trailers["x-amz-checksum-crc32"]);
    }
}
