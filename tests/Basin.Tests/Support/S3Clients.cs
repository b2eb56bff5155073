using Amazon.Runtime;
using Amazon.S3;

namespace Basin.Tests.Support;

/// <summary>The AWS SDK for .NET's S3 client pointed at a Basin endpoint: path style, us-east-1, no retries (a test sees the first answer).</summary>
public static class S3Clients
{
    public static AmazonS3Client For(string endpoint, string accessKey = "test", string secret = "test", TimeSpan? timeout = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        if (timeout is { } t) config.Timeout = t;
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secret), config);
    }
}
