using System.Globalization;
using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Firehose.Configuration;
using Basin.Services.Firehose.Delivery;

namespace Basin.Services.Firehose.Api;

/// <summary>
/// UpdateDestination: merges the given fields into the destination (fields left out keep their
/// values), checks the result like a new stream, and bumps the version. The caller must name the
/// current version, so two concurrent updates cannot both win.
/// </summary>
public sealed class DestinationOperations(FirehoseContext firehose, DeliveryEngine engine)
{
    private readonly SemaphoreSlim _updates = new(1, 1);

    public void Register(OperationTable operations) =>
        operations.On<UpdateDestinationInput, UpdateDestinationOutput>("UpdateDestination", UpdateAsync);

    private async Task<UpdateDestinationOutput> UpdateAsync(UpdateDestinationInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);
        if (input.CurrentDeliveryStreamVersionId is null) throw FirehoseErrors.Validation("currentDeliveryStreamVersionId", null, "Member must not be null");
        if (input.DestinationId is null) throw FirehoseErrors.Validation("destinationId", null, "Member must not be null");
        if (input.DestinationId != DeliveryStream.DestinationId)
        {
            throw FirehoseErrors.InvalidArgument($"Destination Id {input.DestinationId} is not found for Firehose {stream.Name}.");
        }

        var others = new object?[]
        {
            input.RedshiftDestinationUpdate, input.ElasticsearchDestinationUpdate, input.AmazonopensearchserviceDestinationUpdate, input.SplunkDestinationUpdate,
            input.AmazonOpenSearchServerlessDestinationUpdate, input.SnowflakeDestinationUpdate, input.IcebergDestinationUpdate,
        };
        if (others.Any(o => o is not null)) throw FirehoseErrors.InvalidArgument("Basin delivers to Amazon S3 and HTTP endpoints for now: the destination cannot be changed to another type.");
        var given = new object?[] { input.S3DestinationUpdate, input.ExtendedS3DestinationUpdate, input.HttpEndpointDestinationUpdate }.Count(u => u is not null);
        if (given > 1) throw FirehoseErrors.InvalidArgument("Only one destination update may be given.");

        DeliveryStream updated;
        await _updates.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = firehose.Find(stream.Arn) ?? throw FirehoseErrors.NotFound(stream.Name, stream.Account);
            var version = current.Version.ToString(CultureInfo.InvariantCulture);
            if (input.CurrentDeliveryStreamVersionId != version)
            {
                throw new AwsServiceException("ConcurrentModificationException",
                    $"Cannot update firehose: {current.Name} since the current version id: {version} and specified version id: {input.CurrentDeliveryStreamVersionId} do not match");
            }

            updated = (current.HttpEndpoint is null ? UpdateS3(current, input) : UpdateHttp(current, input)) with
            {
                Version = current.Version + 1,
                UpdatedMs = firehose.Now().ToUnixTimeMilliseconds(),
            };
            await firehose.SaveAsync(updated).ConfigureAwait(false);
        }
        finally
        {
            _updates.Release();
        }

        engine.Notify(updated.Arn);
        return new UpdateDestinationOutput();
    }

    private static DeliveryStream UpdateS3(DeliveryStream current, UpdateDestinationInput input)
    {
        if (input.HttpEndpointDestinationUpdate is { } toHttp) return SwitchToHttp(current, toHttp);
        var destination = input.ExtendedS3DestinationUpdate is { } extended ? DestinationUpdates.MergeExtended(current.Destination, extended)
            : input.S3DestinationUpdate is { } plain ? DestinationUpdates.MergePlain(current.Destination, plain)
            : current.Destination;
        if (current.Destination.DynamicPartitioningConfiguration?.Enabled != true && destination.DynamicPartitioningConfiguration?.Enabled == true)
        {
            throw FirehoseErrors.InvalidArgument("Dynamic partitioning cannot be enabled on an existing Firehose stream.");
        }

        DestinationRules.Validate(DestinationRules.WithDefaults(destination), "extendedS3DestinationUpdate");
        return current with { Destination = destination };
    }

    private static DeliveryStream UpdateHttp(DeliveryStream current, UpdateDestinationInput input)
    {
        if (input.S3DestinationUpdate is not null || input.ExtendedS3DestinationUpdate is not null) return SwitchToS3(current, input);
        if (input.HttpEndpointDestinationUpdate is not { } update) return current;
        const string field = "httpEndpointDestinationUpdate";
        var http = HttpEndpointRules.WithDefaults(DestinationUpdates.MergeHttp(current.HttpEndpoint!, update));
        HttpEndpointRules.Validate(http, field);
        var s3 = update.S3Update is { } s3Update ? DestinationUpdates.MergePlain(current.Destination, s3Update) : current.Destination;
        DestinationRules.Validate(DestinationRules.WithDefaults(s3), $"{field}.s3Update");
        return current with { Destination = s3, HttpEndpoint = http };
    }

    /// <summary>
    /// An S3 stream becomes an HTTP endpoint stream: the update must name the endpoint; the S3
    /// settings (bucket, prefixes, buffering, compression; not processing, partitioning or
    /// conversion) become its S3 configuration, changed by S3Update if given.
    /// </summary>
    private static DeliveryStream SwitchToHttp(DeliveryStream current, HttpEndpointDestinationUpdate update)
    {
        const string field = "httpEndpointDestinationUpdate";
        if (update.EndpointConfiguration?.Url is null) throw FirehoseErrors.Validation($"{field}.endpointConfiguration", null, "Member must not be null");
        var http = HttpEndpointRules.WithDefaults(DestinationUpdates.MergeHttp(new HttpEndpointDestinationConfiguration(), update));
        HttpEndpointRules.Validate(http, field);
        var s3 = DestinationRules.FromPlainS3(DestinationRules.ToPlainS3(current.Destination));
        if (update.S3Update is { } s3Update) s3 = DestinationUpdates.MergePlain(s3, s3Update);
        DestinationRules.Validate(DestinationRules.WithDefaults(s3), $"{field}.s3Update");
        return current with { Destination = s3, HttpEndpoint = http, PlainS3 = false };
    }

    /// <summary>An HTTP endpoint stream becomes an S3 stream: its S3 configuration, changed by the update, becomes the destination.</summary>
    private static DeliveryStream SwitchToS3(DeliveryStream current, UpdateDestinationInput input)
    {
        var destination = input.ExtendedS3DestinationUpdate is { } extended
            ? DestinationUpdates.MergeExtended(current.Destination, extended)
            : DestinationUpdates.MergePlain(current.Destination, input.S3DestinationUpdate!);
        if (destination.DynamicPartitioningConfiguration?.Enabled == true)
        {
            throw FirehoseErrors.InvalidArgument("Dynamic partitioning cannot be enabled on an existing Firehose stream.");
        }

        DestinationRules.Validate(DestinationRules.WithDefaults(destination), "extendedS3DestinationUpdate");
        return current with { Destination = destination, HttpEndpoint = null, PlainS3 = input.S3DestinationUpdate is not null };
    }
}
