namespace Basin.Sql.Hive.Grok;

/// <summary>
/// Named grok patterns written one per line, <c>NAME regex</c>, as a classifier's CustomPatterns and
/// the GrokSerDe's <c>input.grokCustomPatterns</c> take them; blank lines and <c>#</c> comments are skipped.
/// </summary>
public static class GrokPatternLines
{
    public static Dictionary<string, string> Parse(string? text)
    {
        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.IndexOfAny([' ', '\t']);
            if (space < 0) continue;
            patterns[line[..space]] = line[(space + 1)..].TrimStart();
        }

        return patterns;
    }
}
