using Basin.Aws.Protocol.Services;
using Basin.Services.Firehose.Api;
using Basin.Services.Firehose.Conversion;
using Basin.Services.Firehose.Delivery;
using Basin.Services.Kinesis;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Storage.Catalog;
using Basin.Storage.Firehose;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basin.Services.Firehose;

/// <summary>
/// Amazon Data Firehose: streams that take records (PutRecord/PutRecordBatch or a Kinesis
/// stream), buffer them durably, and deliver them by size and interval to S3 (with processing,
/// dynamic partitioning and Parquet conversion) or to an HTTP endpoint. Operations live in Api/, delivery in Delivery/.
/// </summary>
public sealed class FirehoseService : IAwsService, IAsyncDisposable
{
    private readonly FirehoseContext _context;
    private readonly KinesisReader _kinesis;
    private readonly HttpClient _http = HttpEndpointSender.CreateClient();

    public FirehoseService(FirehoseStore store, ILakeObjects lake, KinesisReader kinesis, SqlEngine engine, CatalogStore catalog, FirehoseOptions options, ILogger? logger = null)
    {
        _context = new FirehoseContext(store, options);
        _kinesis = kinesis;
        Engine = new DeliveryEngine(_context, new DeliveryDependencies(lake, kinesis, new ParquetConverter(engine, catalog), _http, logger ?? NullLogger.Instance));
        Engine.StartAll();
    }

    public string Name => "firehose";

    public DeliveryEngine Engine { get; }

    public void Register(OperationTable operations)
    {
        new DeliveryStreamOperations(_context, Engine, _kinesis).Register(operations);
        new DestinationOperations(_context, Engine).Register(operations);
        new RecordOperations(_context, Engine).Register(operations);
        new TagOperations(_context).Register(operations);
        new EncryptionOperations(_context).Register(operations);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }
}
