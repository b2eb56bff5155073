using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Firehose.Configuration;
using Basin.Services.Firehose.Delivery;
using Basin.Services.Kinesis;

namespace Basin.Services.Firehose.Api;

/// <summary>CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, DeleteDeliveryStream.</summary>
public sealed class DeliveryStreamOperations(FirehoseContext firehose, DeliveryEngine engine, KinesisReader kinesis)
{
    private const int MaxStreamsPerRegion = 5000;

    public void Register(OperationTable operations)
    {
        operations.On<CreateDeliveryStreamInput, CreateDeliveryStreamOutput>("CreateDeliveryStream", CreateAsync);
        operations.On<DescribeDeliveryStreamInput, DescribeDeliveryStreamOutput>("DescribeDeliveryStream", (input, request) =>
        {
            var stream = firehose.Resolve(request, input.DeliveryStreamName);
            if (input.Limit is < 1 or > 10000) throw FirehoseErrors.Validation("limit", input.Limit, "Member must have value between 1 and 10000");
            return Task.FromResult(new DescribeDeliveryStreamOutput { DeliveryStreamDescription = StreamDescriptions.Describe(stream, firehose.Status(stream)) });
        });
        operations.On<ListDeliveryStreamsInput, ListDeliveryStreamsOutput>("ListDeliveryStreams", (input, request) => Task.FromResult(List(input, request)));
        operations.On<DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput>("DeleteDeliveryStream", DeleteAsync);
    }

    private async Task<CreateDeliveryStreamOutput> CreateAsync(CreateDeliveryStreamInput input, AwsRequest request)
    {
        FirehoseContext.ValidateName(input.DeliveryStreamName);
        var type = input.DeliveryStreamType ?? DeliveryStream.DirectPut;
        var (destination, http) = Destination(input);
        var arn = FirehoseContext.Arn(request.Region, request.Caller.AccountId, input.DeliveryStreamName!);
        var now = firehose.Now().ToUnixTimeMilliseconds();
        var stream = new DeliveryStream
        {
            Name = input.DeliveryStreamName!,
            Arn = arn,
            Account = request.Caller.AccountId,
            Region = request.Region,
            Type = type,
            CreatedMs = now,
            Kinesis = Source(type, input, now),
            ThroughputHintInMBs = input.DirectPutSourceConfiguration?.ThroughputHintInMBs,
            PlainS3 = input.S3DestinationConfiguration is not null,
            Destination = destination,
            HttpEndpoint = http,
            Tags = TagOperations.ValidatedNew(input.Tags ?? []),
            Encryption = input.DeliveryStreamEncryptionConfigurationInput is { } sse ? EncryptionOperations.Enabled(type, sse) : StreamEncryption.Disabled,
        };

        if (firehose.All.Count(s => s.Account == stream.Account && s.Region == stream.Region) >= MaxStreamsPerRegion)
        {
            throw FirehoseErrors.LimitExceeded($"You have already consumed your firehose quota of {MaxStreamsPerRegion} hoses.");
        }

        if (!await firehose.CreateAsync(stream).ConfigureAwait(false)) throw FirehoseErrors.InUse(stream.Name, stream.Account);
        engine.Start(stream);
        return new CreateDeliveryStreamOutput { DeliveryStreamARN = arn };
    }

    /// <summary>
    /// The stream's one destination: S3 (plain or extended), or an HTTP endpoint with its S3
    /// configuration for failed data; the other destinations are refused clearly.
    /// </summary>
    private static (ExtendedS3DestinationConfiguration S3, HttpEndpointDestinationConfiguration? Http) Destination(CreateDeliveryStreamInput input)
    {
        var others = new (object? Config, string Name)[]
        {
            (input.RedshiftDestinationConfiguration, "Redshift"),
            (input.ElasticsearchDestinationConfiguration, "Elasticsearch"),
            (input.AmazonopensearchserviceDestinationConfiguration, "Amazon OpenSearch Service"),
            (input.AmazonOpenSearchServerlessDestinationConfiguration, "Amazon OpenSearch Serverless"),
            (input.SplunkDestinationConfiguration, "Splunk"),
            (input.SnowflakeDestinationConfiguration, "Snowflake"),
            (input.IcebergDestinationConfiguration, "Apache Iceberg"),
        };
        var supported = new object?[] { input.S3DestinationConfiguration, input.ExtendedS3DestinationConfiguration, input.HttpEndpointDestinationConfiguration };
        if (others.Count(o => o.Config is not null) + supported.Count(c => c is not null) != 1)
        {
            throw FirehoseErrors.InvalidArgument("Exactly one destination configuration must be specified.");
        }

        if (others.FirstOrDefault(o => o.Config is not null) is { Config: not null } other)
        {
            throw FirehoseErrors.InvalidArgument($"Basin delivers to Amazon S3 and HTTP endpoints for now: the {other.Name} destination is not available.");
        }

        if (input.HttpEndpointDestinationConfiguration is { } http)
        {
            const string field = "httpEndpointDestinationConfiguration";
            HttpEndpointRules.Validate(HttpEndpointRules.WithDefaults(http), field);
            if (http.S3Configuration is null) throw FirehoseErrors.Validation($"{field}.s3Configuration", null, "Member must not be null");
            var backup = DestinationRules.WithDefaults(DestinationRules.FromPlainS3(http.S3Configuration));
            DestinationRules.Validate(backup, $"{field}.s3Configuration");
            http.S3Configuration = null;
            return (backup, http);
        }

        var destination = DestinationRules.WithDefaults(input.ExtendedS3DestinationConfiguration ?? DestinationRules.FromPlainS3(input.S3DestinationConfiguration!));
        DestinationRules.Validate(destination, input.ExtendedS3DestinationConfiguration is null ? "s3DestinationConfiguration" : "extendedS3DestinationConfiguration");
        return (destination, null);
    }

    private KinesisSource? Source(string type, CreateDeliveryStreamInput input, long now)
    {
        switch (type)
        {
            case DeliveryStream.DirectPut:
                if (input.KinesisStreamSourceConfiguration is not null)
                    throw FirehoseErrors.InvalidArgument("KinesisSourceStreamConfig is only allowed for the KinesisStreamAsSource DeliveryStreamType.");
                return null;
            case DeliveryStream.KinesisStreamAsSource:
                if (input.KinesisStreamSourceConfiguration is not { KinesisStreamARN: { } streamArn, RoleARN: { } role })
                    throw FirehoseErrors.InvalidArgument("KinesisStreamSourceConfiguration with KinesisStreamARN and RoleARN is required for the KinesisStreamAsSource DeliveryStreamType.");
                if (input.DirectPutSourceConfiguration is not null)
                    throw FirehoseErrors.InvalidArgument("DirectPutSourceConfiguration is only allowed for the DirectPut DeliveryStreamType.");
                if (kinesis.Stream(streamArn) is null) throw FirehoseErrors.InvalidArgument($"Kinesis stream {streamArn} does not exist.");

                // Firehose reads a Kinesis source from LATEST: records already in the stream are not delivered.
                return new KinesisSource(streamArn, role, kinesis.LatestCounter(streamArn), now);
            case "MSKAsSource" or "DatabaseAsSource":
                throw FirehoseErrors.InvalidArgument($"Basin does not support the {type} source yet; use DirectPut or KinesisStreamAsSource.");
            default:
                throw FirehoseErrors.Validation("deliveryStreamType", type, "Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]");
        }
    }

    private ListDeliveryStreamsOutput List(ListDeliveryStreamsInput input, AwsRequest request)
    {
        var limit = input.Limit ?? 10;
        if (limit is < 1 or > 10000) throw FirehoseErrors.Validation("limit", limit, "Member must have value between 1 and 10000");
        if (input.DeliveryStreamType is { } type && type is not (DeliveryStream.DirectPut or DeliveryStream.KinesisStreamAsSource or "MSKAsSource" or "DatabaseAsSource"))
        {
            throw FirehoseErrors.Validation("deliveryStreamType", type, "Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]");
        }

        var names = firehose.All
            .Where(s => s.Account == request.Caller.AccountId && s.Region == request.Region)
            .Where(s => input.DeliveryStreamType is null || s.Type == input.DeliveryStreamType)
            .Select(s => s.Name)
            .Where(n => input.ExclusiveStartDeliveryStreamName is null || string.CompareOrdinal(n, input.ExclusiveStartDeliveryStreamName) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new ListDeliveryStreamsOutput { DeliveryStreamNames = [.. names.Take(limit)], HasMoreDeliveryStreams = names.Count > limit };
    }

    private async Task<DeleteDeliveryStreamOutput> DeleteAsync(DeleteDeliveryStreamInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);

        // Deleting discards what is still buffered, as on AWS; the worker stops before its buffer goes.
        await engine.StopAsync(stream.Arn).ConfigureAwait(false);
        await firehose.Store.DeleteAsync(stream.Arn).ConfigureAwait(false);
        return new DeleteDeliveryStreamOutput();
    }
}
