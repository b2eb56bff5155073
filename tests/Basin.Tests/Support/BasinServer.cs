using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Services;
using Basin.Hosting;

namespace Basin.Tests.Support;

/// <summary>An in-process Basin on a free port with its own data directory, plus real AWS SDK clients for it.</summary>
public sealed class BasinServer : IAsyncDisposable
{
    private BasinServer(BasinHost host, string dataDir, ManualTimeProvider time)
    {
        Host = host;
        DataDir = dataDir;
        Time = time;
    }

    public BasinHost Host { get; }
    public string DataDir { get; }
    public ManualTimeProvider Time { get; }
    public string Endpoint => Host.Endpoint.ToString().TrimEnd('/');

    public static async Task<BasinServer> StartAsync(AuthMode auth = AuthMode.Off, params IAwsService[] additional)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-test-" + Guid.NewGuid().ToString("N"));
        var time = new ManualTimeProvider();
        var host = await BasinHost.StartAsync(new BasinOptions { Port = 0, DataDir = dataDir, Auth = auth, Time = time, AdditionalServices = additional });
        return new BasinServer(host, dataDir, time);
    }

    public AmazonS3Client S3(string accessKey = "test", string secret = "test") => S3Clients.For(Endpoint, accessKey, secret);

    public AmazonSecurityTokenServiceClient Sts(string accessKey = "test", string secret = "test") =>
        new(new BasicAWSCredentials(accessKey, secret), new AmazonSecurityTokenServiceConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public AmazonDynamoDBClient DynamoDb() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }
}
