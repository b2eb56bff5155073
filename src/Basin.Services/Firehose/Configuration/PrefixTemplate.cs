using System.Security.Cryptography;
using System.Text;

namespace Basin.Services.Firehose.Configuration;

/// <summary>What a prefix's expressions evaluate against when an object is written.</summary>
/// <param name="Time">The approximate arrival time of the object's oldest record, in the stream's time zone.</param>
/// <param name="ErrorOutputType">For error objects: processing-failed, format-conversion-failed, ...</param>
/// <param name="PartitionKeys">The record's dynamic partitioning keys.</param>
public sealed record PrefixValues(DateTimeOffset Time, string? ErrorOutputType = null, IReadOnlyDictionary<string, string>? PartitionKeys = null);

/// <summary>
/// A Prefix or ErrorOutputPrefix with its <c>!{namespace:value}</c> expressions
/// (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html): timestamp (a Java
/// DateTimeFormatter pattern; every use in one prefix is the same instant), firehose:random-string
/// (11 random characters, new for each use), firehose:error-output-type, and
/// partitionKeyFromQuery / partitionKeyFromLambda for dynamic partitioning.
/// </summary>
public sealed class PrefixTemplate
{
    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly List<Part> _parts;

    private PrefixTemplate(string text, List<Part> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public bool HasExpressions => _parts.Any(p => p.Namespace is not null);
    public bool HasTimestamp => _parts.Any(p => p.Namespace == "timestamp");
    public bool HasErrorOutputType => _parts.Any(p => p is { Namespace: "firehose", Value: "error-output-type" });

    /// <summary>Partition key names used with partitionKeyFromQuery or partitionKeyFromLambda.</summary>
    public IEnumerable<string> PartitionKeys(string @namespace) => _parts.Where(p => p.Namespace == @namespace).Select(p => p.Value);

    /// <summary>Parses a prefix; a malformed expression is an InvalidArgumentException naming <paramref name="field"/>.</summary>
    public static PrefixTemplate Parse(string? text, string field)
    {
        text ??= "";
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == '!' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0) throw Invalid(field, text, "an expression '!{' is not closed with '}'");
                var body = text[(i + 2)..end];
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0) throw Invalid(field, text, $"'!{{{body}}}' is not of the form !{{namespace:value}}");
                if (literal.Length > 0) parts.Add(new Part(null, literal.ToString(), null));
                literal.Clear();
                parts.Add(Expression(field, text, body[..colon], body[(colon + 1)..]));
                i = end + 1;
                continue;
            }

            literal.Append(text[i++]);
        }

        if (literal.Length > 0) parts.Add(new Part(null, literal.ToString(), null));
        return new PrefixTemplate(text, parts);
    }

    /// <summary>The prefix with its expressions evaluated.</summary>
    public string Evaluate(PrefixValues values)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part.Namespace switch
            {
                null => part.Value,
                "timestamp" => part.Format!.Format(values.Time),
                "firehose" when part.Value == "random-string" => RandomString(),
                "firehose" => values.ErrorOutputType ?? throw new InvalidOperationException("error-output-type outside an error prefix"),
                _ => values.PartitionKeys?.GetValueOrDefault(part.Value) ?? throw new InvalidOperationException($"partition key {part.Value} has no value"),
            });
        }

        return text.ToString();
    }

    private static Part Expression(string field, string text, string @namespace, string value) => @namespace switch
    {
        "timestamp" => new Part("timestamp", value, ParseFormat(field, text, value)),
        "firehose" when value is "random-string" or "error-output-type" => new Part("firehose", value, null),
        "firehose" => throw Invalid(field, text, $"'{value}' is not a firehose namespace value (random-string, error-output-type)"),
        "partitionKeyFromQuery" or "partitionKeyFromLambda" when value.Length > 0 => new Part(@namespace, value, null),
        _ => throw Invalid(field, text, $"'{@namespace}' is not a valid namespace (timestamp, firehose, partitionKeyFromQuery, partitionKeyFromLambda)"),
    };

    private static JavaDateFormat ParseFormat(string field, string text, string pattern)
    {
        try
        {
            return JavaDateFormat.Parse(pattern);
        }
        catch (FormatException e)
        {
            throw Invalid(field, text, e.Message);
        }
    }

    private static string RandomString()
    {
        Span<char> chars = stackalloc char[11];
        for (var i = 0; i < chars.Length; i++) chars[i] = RandomAlphabet[RandomNumberGenerator.GetInt32(RandomAlphabet.Length)];
        return new string(chars);
    }

    private static Aws.Protocol.AwsServiceException Invalid(string field, string text, string why) =>
        FirehoseErrors.InvalidArgument($"{field} '{text}' is invalid: {why}.");

    private sealed record Part(string? Namespace, string Value, JavaDateFormat? Format);
}
