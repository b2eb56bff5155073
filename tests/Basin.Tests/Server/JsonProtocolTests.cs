using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>
/// The JSON 1.0 codec against the real AWS SDK for .NET DynamoDB client. Basin has no DynamoDB
/// yet, so the test registers a tiny service of its own that echoes what it was sent: the point
/// is the wire (targets, timestamps, nested shapes, errors), not DynamoDB behaviour.
/// </summary>
public sealed class JsonProtocolTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);
    private BasinServer _basin = null!;

    public async Task InitializeAsync() => _basin = await BasinServer.StartAsync(Aws.Protocol.Auth.AuthMode.Off, new EchoDynamoDb());

    public async Task DisposeAsync() => await _basin.DisposeAsync();

    [Fact]
    public async Task Requests_and_responses_round_trip_through_the_sdk()
    {
        using var ddb = _basin.DynamoDb();
        var tables = await ddb.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = "orders", Limit = 3 });
        Assert.Equal(["orders-1", "orders-2", "orders-3"], tables.TableNames);
        Assert.Equal("orders-3", tables.LastEvaluatedTableName);

        var described = await ddb.DescribeTableAsync("customers");
        Assert.Equal("customers", described.Table.TableName);
        // Epoch seconds with milliseconds travel as a double; the SDK's parse may land a tick short.
        Assert.InRange((described.Table.CreationDateTime!.Value.ToUniversalTime() - Created.UtcDateTime).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Equal("id", described.Table.KeySchema.Single().AttributeName);
        Assert.Equal(KeyType.HASH, described.Table.KeySchema.Single().KeyType);
    }

    [Fact]
    public async Task Errors_map_to_typed_sdk_exceptions()
    {
        using var ddb = _basin.DynamoDb();
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ddb.DescribeTableAsync("missing"));
        var notImplemented = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => ddb.DeleteTableAsync("t"));
        Assert.Equal("NotImplemented", notImplemented.ErrorCode);
    }

    [Fact]
    public async Task An_oversized_document_body_is_413_not_memory()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _basin.Endpoint + "/") { Content = new ByteArrayContent(new byte[(64 * 1024 * 1024) + 1]) };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
        request.Headers.Add("x-amz-date", "20240101T000000Z");
        var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("RequestEntityTooLarge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class EchoDynamoDb : IAwsService
    {
        public string Name => "dynamodb";

        public void Register(OperationTable operations)
        {
            operations.On<Aws.Model.Dynamodb.ListTablesInput, Aws.Model.Dynamodb.ListTablesOutput>("ListTables", (input, _) =>
            {
                var names = Enumerable.Range(1, input.Limit ?? 1).Select(i => $"{input.ExclusiveStartTableName}-{i}").ToList();
                return Task.FromResult(new Aws.Model.Dynamodb.ListTablesOutput { TableNames = names, LastEvaluatedTableName = names[^1] });
            });
            operations.On<Aws.Model.Dynamodb.DescribeTableInput, Aws.Model.Dynamodb.DescribeTableOutput>("DescribeTable", (input, _) =>
                input.TableName == "missing"
                    ? throw new AwsServiceException("ResourceNotFoundException", "Requested resource not found", 400)
                    : Task.FromResult(new Aws.Model.Dynamodb.DescribeTableOutput
                    {
                        Table = new Aws.Model.Dynamodb.TableDescription
                        {
                            TableName = input.TableName,
                            CreationDateTime = Created,
                            KeySchema = [new Aws.Model.Dynamodb.KeySchemaElement { AttributeName = "id", KeyType = "HASH" }],
                        },
                    }));
        }
    }
}
