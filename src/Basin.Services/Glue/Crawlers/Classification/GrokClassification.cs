using System.Text;
using System.Text.RegularExpressions;
using Basin.Aws.Model.Glue;
using Basin.Sql.Hive.Grok;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// A custom grok classifier: the file is the classifier's when every sampled line matches its
/// pattern (grok matches one line at a time, anywhere in the line). Each named capture
/// <c>%{PATTERN:name:type}</c> is a column of the grok's type (string when none); captures named
/// UNWANTED and bare <c>%{PATTERN}</c> references are matched but make no column.
/// </summary>
public static class GrokClassification
{
    public static FileSchema? Custom(GrokClassifier classifier, string text, bool complete, string compression)
    {
        if (classifier.GrokPattern is not { Length: > 0 } pattern) return null;
        if (!GrokExpression.TryCompile(pattern, classifier.CustomPatterns, (_, named) => named, out var grok, out _)) return null;

        var lines = text.Split('\n');
        var count = complete ? lines.Length : lines.Length - 1; // a partial sample's last line may be cut short
        long records = 0, bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (!Matches(grok!.Regex, line)) return null;
            records++;
            bytes += Encoding.UTF8.GetByteCount(lines[i]) + 1;
        }

        if (records == 0) return null;
        var columns = new List<GlueType.Field>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var capture in grok!.Captures)
        {
            var name = capture.Name.ToLowerInvariant();
            if (seen.Add(name)) columns.Add(new GlueType.Field(name, new GlueType.Primitive(capture.Type)));
        }

        if (columns.Count == 0) return null;
        return new FileSchema
        {
            Classification = classifier.Classification ?? "grok",
            Compression = compression,
            Columns = columns,
            Grok = new GrokFormat(pattern, classifier.CustomPatterns),
            SampledRecords = records,
            SampledBytes = bytes,
        };
    }

    private static bool Matches(Regex regex, string line)
    {
        try
        {
            return regex.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // a pattern that backtracks without end does not recognise the file
        }
    }
}
