using Basin.DuckDb;
using Basin.Sql;
using Basin.Sql.Hive.Grok;

namespace Basin.Services.Athena;

/// <summary>
/// The SerDes that parse each text line with a pattern, as Athena reads them:
/// Hive's RegexSerDe (<c>input.regex</c>; the whole line must match, group i fills column i, a
/// line that does not match is a row of NULLs) and Glue's GrokSerDe (<c>input.format</c> with
/// <c>input.grokCustomPatterns</c>; the pattern may match anywhere in the line and each capture
/// fills the column of its name, a bare <c>%{PATTERN}</c> the column named after the pattern).
/// </summary>
public static class LineSerDes
{
    public const string RegexSerDe = "org.apache.hadoop.hive.serde2.RegexSerDe";
    public const string GrokSerDe = "com.amazonaws.glue.serde.GrokSerDe";

    public static bool Handles(string serde) =>
        serde.EndsWith("RegexSerDe", StringComparison.OrdinalIgnoreCase) || serde.EndsWith("GrokSerDe", StringComparison.OrdinalIgnoreCase);

    /// <summary>The .NET regular expression each line is matched with, and for each column the groups that fill it.</summary>
    public static (string Regex, IReadOnlyList<IReadOnlyList<int>> ColumnGroups) Parse(
        string serde, IReadOnlyDictionary<string, string> properties, IReadOnlyList<(string Name, string Type)> columns) =>
        serde.EndsWith("GrokSerDe", StringComparison.OrdinalIgnoreCase) ? Grok(properties, columns) : Regex(properties, columns);

    private static (string, IReadOnlyList<IReadOnlyList<int>>) Regex(IReadOnlyDictionary<string, string> properties, IReadOnlyList<(string Name, string Type)> columns)
    {
        var regex = properties.GetValueOrDefault("input.regex")
            ?? throw new SqlException("HIVE_INVALID_METADATA", "This table does not have serde property \"input.regex\"!");
        var caseInsensitive = string.Equals(properties.GetValueOrDefault("input.regex.case.insensitive"), "true", StringComparison.OrdinalIgnoreCase);

        // Java's Matcher.matches(): the expression must cover the whole line.
        var pattern = (caseInsensitive ? "(?i)" : "") + @"\A(?:" + regex + @")\z";
        if (RegexGroupsFunction.TryCompile(pattern, out var error) is null)
            throw new SqlException("HIVE_INVALID_METADATA", $"The table's input.regex is not a valid regular expression: {error}");
        return (pattern, [.. columns.Select((_, i) => (IReadOnlyList<int>)[i + 1])]);
    }

    private static (string, IReadOnlyList<IReadOnlyList<int>>) Grok(IReadOnlyDictionary<string, string> properties, IReadOnlyList<(string Name, string Type)> columns)
    {
        var format = properties.GetValueOrDefault("input.format")
            ?? throw new SqlException("HIVE_INVALID_METADATA", "This table does not have serde property \"input.format\"!");
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!GrokExpression.TryCompile(format, properties.GetValueOrDefault("input.grokCustomPatterns"), (name, _) => names.Contains(name), out var grok, out var error))
            throw new SqlException("HIVE_INVALID_METADATA", $"The table's grok pattern cannot be compiled: {error}");
        var groups = columns
            .Select(c => (IReadOnlyList<int>)[.. grok!.Captures.Where(k => k.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)).Select(k => k.Group)])
            .ToList();
        return (grok!.Pattern, groups);
    }
}
