using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Processing;

namespace Basin.Services.Firehose.Configuration;

/// <summary>
/// Fills in an HTTP endpoint destination's defaults (5 MiB / 300 s buffers, no content encoding,
/// 300 s of retries, FailedDataOnly backup) and checks it as Firehose does on create and update.
/// One deliberate difference: Basin accepts http:// URLs as well as https://, since local
/// endpoints rarely have certificates.
/// </summary>
public static class HttpEndpointRules
{
    public const string FailedDataOnly = "FailedDataOnly";
    public const string AllData = "AllData";
    private const int DefaultRetrySeconds = 300;
    private const int MaxCommonAttributes = 50;

    public static HttpEndpointDestinationConfiguration WithDefaults(HttpEndpointDestinationConfiguration c)
    {
        c.BufferingHints ??= new HttpEndpointBufferingHints();
        c.BufferingHints.SizeInMBs ??= DestinationRules.DefaultSizeInMBs;
        c.BufferingHints.IntervalInSeconds ??= DestinationRules.DefaultIntervalInSeconds;
        c.RequestConfiguration ??= new HttpEndpointRequestConfiguration();
        c.RequestConfiguration.ContentEncoding ??= "NONE";
        c.RetryOptions ??= new HttpEndpointRetryOptions();
        c.RetryOptions.DurationInSeconds ??= DefaultRetrySeconds;
        c.S3BackupMode ??= FailedDataOnly;
        c.CloudWatchLoggingOptions ??= new CloudWatchLoggingOptions { Enabled = false };
        return c;
    }

    /// <summary>Checks everything but the S3 configuration, which <see cref="DestinationRules"/> checks as a plain S3 destination.</summary>
    public static void Validate(HttpEndpointDestinationConfiguration c, string field)
    {
        ValidateEndpoint(c.EndpointConfiguration, $"{field}.endpointConfiguration");
        if (c.BufferingHints?.SizeInMBs is < 1 or > 64) throw FirehoseErrors.Validation($"{field}.bufferingHints.sizeInMBs", c.BufferingHints.SizeInMBs, "Member must have value between 1 and 64");
        if (c.BufferingHints?.IntervalInSeconds is < 0 or > 900) throw FirehoseErrors.Validation($"{field}.bufferingHints.intervalInSeconds", c.BufferingHints.IntervalInSeconds, "Member must have value between 0 and 900");
        if (c.RetryOptions?.DurationInSeconds is < 0 or > 7200) throw FirehoseErrors.Validation($"{field}.retryOptions.durationInSeconds", c.RetryOptions.DurationInSeconds, "Member must have value between 0 and 7200");
        if (c.S3BackupMode is not (null or FailedDataOnly or AllData)) throw FirehoseErrors.Validation($"{field}.s3BackupMode", c.S3BackupMode, "Member must satisfy enum value set: [FailedDataOnly, AllData]");
        if (!string.IsNullOrEmpty(c.RoleARN)) DestinationRules.ValidateRole(c.RoleARN, field);
        ValidateRequest(c.RequestConfiguration, $"{field}.requestConfiguration");
        ProcessorRules.Validate(c.ProcessingConfiguration, dynamicPartitioning: false);
        if (c.SecretsManagerConfiguration is { Enabled: true })
        {
            throw FirehoseErrors.InvalidArgument("Basin has no Secrets Manager yet, so SecretsManagerConfiguration cannot be enabled; set EndpointConfiguration.AccessKey instead.");
        }
    }

    private static void ValidateEndpoint(HttpEndpointConfiguration? endpoint, string field)
    {
        if (endpoint is null) throw FirehoseErrors.Validation(field, null, "Member must not be null");
        var url = endpoint.Url;
        if (string.IsNullOrEmpty(url)) throw FirehoseErrors.Validation($"{field}.url", url, "Member must not be null");
        if (url.Length > 1000) throw FirehoseErrors.Validation($"{field}.url", url, "Member must have length less than or equal to 1000");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            throw FirehoseErrors.Validation($"{field}.url", url, "Member must satisfy regular expression pattern: https://.* (Basin also accepts http://)");
        }

        if (endpoint.Name is { } name && (name.Length is < 1 or > 256 || string.IsNullOrWhiteSpace(name)))
        {
            throw FirehoseErrors.Validation($"{field}.name", name, "Member must satisfy regular expression pattern: ^(?!\\s*$).+ and have length between 1 and 256");
        }

        if (endpoint.AccessKey is { Length: > 4096 }) throw FirehoseErrors.Validation($"{field}.accessKey", "***", "Member must have length less than or equal to 4096");
    }

    private static void ValidateRequest(HttpEndpointRequestConfiguration? request, string field)
    {
        if (request is null) return;
        if (request.ContentEncoding is not (null or "NONE" or "GZIP")) throw FirehoseErrors.Validation($"{field}.contentEncoding", request.ContentEncoding, "Member must satisfy enum value set: [NONE, GZIP]");
        var attributes = request.CommonAttributes ?? [];
        if (attributes.Count > MaxCommonAttributes) throw FirehoseErrors.Validation($"{field}.commonAttributes", attributes.Count, $"Member must have length less than or equal to {MaxCommonAttributes}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeName is not { Length: >= 1 and <= 256 } name || string.IsNullOrWhiteSpace(name))
            {
                throw FirehoseErrors.Validation($"{field}.commonAttributes.member.attributeName", "***", "Member must satisfy regular expression pattern: ^(?!\\s*$).+ and have length between 1 and 256");
            }

            if (attribute.AttributeValue is null) throw FirehoseErrors.Validation($"{field}.commonAttributes.member.attributeValue", null, "Member must not be null");
            if (attribute.AttributeValue.Length > 1024) throw FirehoseErrors.Validation($"{field}.commonAttributes.member.attributeValue", "***", "Member must have length less than or equal to 1024");
            if (!names.Add(name)) throw FirehoseErrors.InvalidArgument($"Common attribute names must be unique; {name} is given more than once.");
        }
    }
}
