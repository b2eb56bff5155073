using Basin.Services.Firehose.Configuration;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Object keys as Firehose writes them: the evaluated prefix (with "yyyy/MM/dd/HH/" appended when
/// the prefix has no timestamp expression), then
/// <c>&lt;stream&gt;-&lt;version&gt;-&lt;yyyy-MM-dd-HH-mm-ss&gt;-&lt;uuid&gt;&lt;extension&gt;</c>, all times being the
/// oldest record's arrival in the stream's time zone
/// (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html).
/// </summary>
public static class ObjectNames
{
    private static readonly JavaDateFormat DefaultTimePrefix = JavaDateFormat.Parse("yyyy/MM/dd/HH/");
    private static readonly JavaDateFormat SuffixTime = JavaDateFormat.Parse("yyyy-MM-dd-HH-mm-ss");

    public static string Key(S3Output output, DeliveryBuffer buffer, string streamName, int version, TimeZoneInfo zone, Guid id)
    {
        var time = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(buffer.OldestArrivalMs), zone);
        string prefix;
        if (output.Kind == OutputKind.Errors && output.Prefix.Text.Length == 0)
        {
            // No ErrorOutputPrefix: the destination's prefix, then the error type as a folder.
            prefix = (output.ErrorFallbackPrefix ?? "") + buffer.ErrorOutputType + "/";
        }
        else
        {
            prefix = output.Prefix.Evaluate(new PrefixValues(time, buffer.ErrorOutputType, buffer.PartitionKeys));
        }

        if (output.AppendTimePrefix) prefix += DefaultTimePrefix.Format(time);
        return $"{prefix}{streamName}-{version}-{SuffixTime.Format(time)}-{id}{output.FileExtension}";
    }
}
