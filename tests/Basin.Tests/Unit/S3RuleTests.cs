using Basin.Aws.Protocol;
using Basin.Services.S3;

namespace Basin.Tests.Unit;

public class S3RuleTests
{
    [Theory]
    [InlineData("bytes=0-4", 10, 0, 5)]
    [InlineData("bytes=5-", 10, 5, 5)]
    [InlineData("bytes=-3", 10, 7, 3)]
    [InlineData("bytes=8-100", 10, 8, 2)]
    [InlineData("bytes=-100", 10, 0, 10)]
    public void Ranges(string header, long size, long start, long length) =>
        Assert.Equal(new ByteRange(start, length), ByteRange.Parse(header, size));

    [Theory]
    [InlineData("bytes=5-2")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=x-")]
    public void Malformed_ranges_are_ignored(string header) => Assert.Null(ByteRange.Parse(header, 10));

    [Fact]
    public void Unsatisfiable_range_is_416()
    {
        var e = Assert.Throws<AwsServiceException>(() => ByteRange.Parse("bytes=10-", 10));
        Assert.Equal(("InvalidRange", 416), (e.Code, e.StatusCode));
    }

    [Theory]
    [InlineData("my-bucket", true)]
    [InlineData("a.b.c", true)]
    [InlineData("ab", false)]
    [InlineData("Upper", false)]
    [InlineData("under_score", false)]
    [InlineData("-dash", false)]
    [InlineData("a..b", false)]
    [InlineData("192.168.5.4", false)]
    [InlineData("xn--abc", false)]
    [InlineData("abc-s3alias", false)]
    public void Bucket_names(string name, bool valid) => Assert.Equal(valid, BucketNameRules.IsValid(name));

    [Fact]
    public void If_match_true_wins_over_if_unmodified_since_false()
    {
        var modified = DateTimeOffset.UtcNow;
        Conditions.Check("e", modified, "\"e\"", null, null, modified.AddDays(-1));
    }

    [Fact]
    public void If_none_match_hit_is_not_modified()
    {
        var e = Assert.Throws<AwsServiceException>(() => Conditions.Check("e", DateTimeOffset.UtcNow, null, "\"e\"", null, null));
        Assert.Equal(304, e.StatusCode);
    }

    [Fact]
    public void Continuation_tokens_round_trip_and_reject_garbage()
    {
        Assert.Equal("ünï/ key", ContinuationTokens.Decode(ContinuationTokens.Encode("ünï/ key")));
        Assert.Equal("InvalidArgument", Assert.Throws<AwsServiceException>(() => ContinuationTokens.Decode("%%%")).Code);
    }
}
