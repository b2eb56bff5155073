using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol;
using Basin.Services.Events;
using Basin.Storage.S3;

namespace Basin.Services.S3.Notifications;

/// <summary>
/// Turns what happens to objects into S3 event notifications on Basin's event bus: one record in
/// S3's event format for each queue, topic or Lambda configuration of the bucket whose events and
/// key filter match, and an EventBridge event when the bucket sends to EventBridge. Delivery
/// is the subscribing services' job (SQS, SNS, Lambda, EventBridge).
/// </summary>
public sealed class EventNotifications(S3Context s3, EventBus? bus)
{
    /// <summary>The bucket subresource kind of the notification configuration.</summary>
    public const string Kind = "notification";

    private long _sequence;

    /// <summary>An event about a version that exists (created, copied, tagged, transitioned, restored).</summary>
    public void Publish(S3EventKind kind, ObjectRecord version, AwsRequest? request, JsonObject? extra = null) =>
        Publish(kind, version.Bucket, version.Key, s3.VersionIdOf(version), version.IsDeleteMarker ? null : (version.Size, version.ETag), request, extra);

    /// <summary>An event about a key; <paramref name="content"/> (size and ETag) only for versions with data.</summary>
    public void Publish(S3EventKind kind, string bucket, string key, string? versionId, (long Size, string ETag)? content, AwsRequest? request, JsonObject? extra = null)
    {
        if (bus is null || s3.Notifications(bucket) is not { } configuration || s3.Store.FindBucket(bucket) is not { } owner) return;
        var now = s3.Now();
        var sequencer = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now.ToUnixTimeMilliseconds():X12}{Interlocked.Increment(ref _sequence) & 0xFFFFFF:X6}");
        var targets = (configuration.QueueConfigurations ?? []).Select(q => (q.Id, Arn: q.QueueArn, q.Events, q.Filter))
            .Concat((configuration.TopicConfigurations ?? []).Select(t => (t.Id, Arn: t.TopicArn, t.Events, t.Filter)))
            .Concat((configuration.LambdaFunctionConfigurations ?? []).Select(l => (l.Id, Arn: l.LambdaFunctionArn, l.Events, l.Filter)));
        foreach (var (id, arn, events, filter) in targets)
        {
            if (arn is null || events?.Any(e => NotificationRules.Matches(e, "s3:" + kind.Name)) != true || !NotificationRules.KeyMatches(filter, key)) continue;
            var record = Record(kind, owner, key, versionId, content, request, id, sequencer, now, extra);
            bus.Publish(new BusEvent("aws.s3", arn, now, new JsonObject { ["Records"] = new JsonArray(record) }));
        }

        if (configuration.EventBridgeConfiguration is not null)
        {
            bus.Publish(new BusEvent("aws.s3", $"arn:aws:events:{owner.Region}:{owner.OwnerAccount}:event-bus/default", now,
                EventBridgeEvent(kind, owner, key, versionId, content, request, sequencer, now)));
        }
    }

    private static JsonObject Record(S3EventKind kind, BucketRecord bucket, string key, string? versionId, (long Size, string ETag)? content, AwsRequest? request, string? configurationId, string sequencer, DateTimeOffset now, JsonObject? extra)
    {
        // S3 form-encodes the key (a space is "+", "=" is "%3D") but keeps its slashes.
        var obj = new JsonObject { ["key"] = string.Join('/', key.Split('/').Select(WebUtility.UrlEncode)) };
        if (content is var (size, etag))
        {
            obj["size"] = size;
            obj["eTag"] = etag;
        }

        if (versionId is not null) obj["versionId"] = versionId;
        obj["sequencer"] = sequencer;
        var record = new JsonObject
        {
            ["eventVersion"] = kind.Version,
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = bucket.Region,
            ["eventTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["eventName"] = kind.Name,
            ["userIdentity"] = new JsonObject { ["principalId"] = request is null ? "s3.amazonaws.com" : "AWS:" + request.Caller.UserId },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = SourceIp(request) },
            ["responseElements"] = new JsonObject { ["x-amz-request-id"] = request?.RequestId ?? sequencer, ["x-amz-id-2"] = HostId(request?.RequestId ?? sequencer) },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = configurationId,
                ["bucket"] = new JsonObject
                {
                    ["name"] = bucket.Name,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = bucket.OwnerAccount },
                    ["arn"] = "arn:aws:s3:::" + bucket.Name,
                },
                ["object"] = obj,
            },
        };
        foreach (var (name, value) in extra ?? []) record[name] = value?.DeepClone();
        return record;
    }

    private static JsonObject EventBridgeEvent(S3EventKind kind, BucketRecord bucket, string key, string? versionId, (long Size, string ETag)? content, AwsRequest? request, string sequencer, DateTimeOffset now)
    {
        var obj = new JsonObject { ["key"] = key };
        if (content is var (size, etag))
        {
            obj["size"] = size;
            obj["etag"] = etag;
        }

        if (versionId is not null) obj["version-id"] = versionId;
        obj["sequencer"] = sequencer;
        var detail = new JsonObject
        {
            ["version"] = "0",
            ["bucket"] = new JsonObject { ["name"] = bucket.Name },
            ["object"] = obj,
            ["request-id"] = request?.RequestId ?? sequencer,
            ["requester"] = request?.Caller.AccountId ?? "s3.amazonaws.com",
            ["source-ip-address"] = SourceIp(request),
        };
        if (kind.Reason is not null) detail["reason"] = kind.Reason;
        if (kind.DeletionType is not null) detail["deletion-type"] = kind.DeletionType;
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = kind.DetailType,
            ["source"] = "aws.s3",
            ["account"] = bucket.OwnerAccount,
            ["time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["region"] = bucket.Region,
            ["resources"] = new JsonArray("arn:aws:s3:::" + bucket.Name),
            ["detail"] = detail,
        };
    }

    private static string SourceIp(AwsRequest? request) =>
        request?.Http.Connection.RemoteIpAddress?.ToString() ?? "s3.amazonaws.com";

    private static string HostId(string requestId) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
