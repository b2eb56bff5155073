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
        Regex regex;
        try
        {
            regex = new Regex($"^(?:{expression})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            regex = new Regex("^(?:" + string.Join('|', expression.Split('|').Select(p => Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal))) + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }

        return regex.IsMatch;
    }
}
