using System.Text.RegularExpressions;

namespace Basin.Services.Glue;

/// <summary>
/// Catalog names as Glue keeps them: 1–255 single-line characters, folded to lower case "for Hive
/// compatibility" (Glue API reference, Database and Table structures).
/// </summary>
public static class CatalogNames
{
    public static string Normalize(string? name, string what)
    {
        if (string.IsNullOrEmpty(name)) throw GlueErrors.InvalidInput($"{what} name cannot be empty.");
        if (name.Length > 255) throw GlueErrors.InvalidInput($"{what} name is longer than 255 characters.");
        if (name.Any(c => c is < ' ' and not '\t')) throw GlueErrors.InvalidInput($"{what} name contains a control character.");
        return name.ToLowerInvariant();
    }

    /// <summary>
    /// GetTables' Expression is "a regular expression pattern"; it must match the whole name. A
    /// Hive-style glob (<c>sales*</c>, <c>a|b</c>) that is not a valid regex is read as a glob.
    /// </summary>
    public static Func<string, bool> Matcher(string? expression)
    {
        if (string.IsNullOrEmpty(expression)) return _ => true;
        try
        {
            return new Regex($"^(?:{expression})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)).IsMatch;
        }
        catch (ArgumentException)
        {
            return GlobMatcher(expression);
        }
    }

    /// <summary>A Hive name pattern (SHOW TABLES 'sales*|orders'): '*' is any run of characters, '|' separates alternatives.</summary>
    public static Func<string, bool> GlobMatcher(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern)) return _ => true;
        var alternatives = pattern.Split('|').Select(p => Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal));
        return new Regex("^(?:" + string.Join('|', alternatives) + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)).IsMatch;
    }
}
