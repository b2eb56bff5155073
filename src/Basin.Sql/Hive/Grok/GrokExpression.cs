using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Basin.DuckDb;

namespace Basin.Sql.Hive.Grok;

/// <summary>
/// One capture of a grok expression: regex group <see cref="Group"/> holds the text matched by
/// <c>%{PATTERN:name:type}</c> (<see cref="Named"/>), by a bare <c>%{PATTERN}</c> (named after the
/// pattern, as the GrokSerDe names it), or by a raw <c>(?&lt;name&gt;...)</c> group.
/// </summary>
/// <param name="Type">The Hive type the capture converts to: string unless the grok said byte, short, int, long, float, double or boolean.</param>
public sealed record GrokCapture(int Group, string Name, string Type, bool Named);

/// <summary>
/// A grok expression compiled to a .NET regular expression. Every pattern reference is expanded
/// in place (custom patterns first, then Glue's built-ins); each capture kept becomes an
/// explicitly numbered group and every other group is non-capturing, so capture k is group k.
/// .NET's engine, like Java's, has the lookbehind and atomic groups the built-in patterns use.
/// </summary>
public sealed class GrokExpression
{
    private const int MaxNesting = 32;
    private const string Unwanted = "UNWANTED";

    private GrokExpression(string pattern, IReadOnlyList<GrokCapture> captures, Regex regex) => (Pattern, Captures, Regex) = (pattern, captures, regex);

    /// <summary>The .NET regular expression; a line matches when it occurs anywhere in the line, as grok matches.</summary>
    public string Pattern { get; }

    public IReadOnlyList<GrokCapture> Captures { get; }

    public Regex Regex { get; }

    /// <param name="keep">Which captures to keep, by name and whether the grok named them; all when null.</param>
    public static bool TryCompile(string grok, string? customPatterns, Func<string, bool, bool>? keep, out GrokExpression? expression, out string? error)
    {
        var builder = new Builder(GrokPatternLines.Parse(customPatterns), keep ?? ((_, _) => true));
        try
        {
            var pattern = new StringBuilder("(?n)");
            builder.Expand(grok, pattern, 0);

            // The engine's own compiled copy: the crawler matches with the same object Athena's scans use.
            var regex = RegexGroupsFunction.TryCompile(pattern.ToString(), out error);
            expression = regex is null ? null : new GrokExpression(pattern.ToString(), builder.Captures, regex);
            return regex is not null;
        }
        catch (ArgumentException e)
        {
            (expression, error) = (null, e.Message);
            return false;
        }
    }

    private sealed class Builder(Dictionary<string, string> custom, Func<string, bool, bool> keep)
    {
        public List<GrokCapture> Captures { get; } = [];

        public void Expand(string text, StringBuilder output, int depth)
        {
            if (depth > MaxNesting) throw new ArgumentException("grok patterns nest too deeply (is a pattern defined in terms of itself?)");
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    output.Append(c).Append(text[++i]);
                }
                else if (c == '%' && At(text, i + 1) == '{')
                {
                    var close = ClosingBrace(text, i + 1);
                    if (close < 0) throw new ArgumentException($"unterminated %{{ in grok pattern at position {i}");
                    Reference(text[(i + 2)..close], output, depth);
                    i = close;
                }
                else if (c == '(' && At(text, i + 1) == '?' && At(text, i + 2) == '<' && (char.IsLetter(At(text, i + 3)) || At(text, i + 3) == '_'))
                {
                    // A raw named group of the user's regex is a capture like any other.
                    var end = text.IndexOf('>', i + 3);
                    if (end < 0) throw new ArgumentException($"unterminated group name in grok pattern at position {i}");
                    var name = text[(i + 3)..end];
                    output.Append(keep(name, true) ? Open(name, "string", named: true) : "(?:");
                    i = end;
                }
                else
                {
                    output.Append(c);
                }
            }
        }

        /// <summary>%{NAME}, %{NAME:field}, %{NAME:field:type}, %{NAME:field;type;...} or an inline %{NAME:field=definition}.</summary>
        private void Reference(string body, StringBuilder output, int depth)
        {
            var split = body.IndexOfAny([':', '=']);
            var name = split < 0 ? body : body[..split];
            string? field = null, type = null, inline = null;
            var rest = split < 0 ? "" : body[split..];
            if (rest.StartsWith(':'))
            {
                var end = rest.IndexOfAny([':', ';', '='], 1);
                field = end < 0 ? rest[1..] : rest[1..end];
                rest = end < 0 ? "" : rest[end..];
                if (rest.Length > 0 && rest[0] is ':' or ';')
                {
                    var typeEnd = rest.IndexOf(';', 1);
                    type = typeEnd < 0 ? rest[1..] : rest[1..typeEnd];
                    rest = "";
                }
            }

            if (rest.StartsWith('=')) inline = rest[1..];
            var definition = inline ?? custom.GetValueOrDefault(name) ?? GrokBuiltInPatterns.All.GetValueOrDefault(name)
                ?? throw new ArgumentException($"grok pattern %{{{name}}} is not defined");
            var kept = field != Unwanted && keep(field ?? name, field is not null);
            output.Append(kept ? Open(field ?? name, HiveType(type), named: field is not null) : "(?:");
            Expand(definition, output, depth + 1);
            output.Append(')');
        }

        private string Open(string name, string type, bool named)
        {
            var group = Captures.Count + 1;
            Captures.Add(new GrokCapture(group, name, type, named));
            return "(?<" + group.ToString(CultureInfo.InvariantCulture) + ">";
        }
    }

    /// <summary>Grok's conversion names, as Glue documents them, in Hive's type names.</summary>
    private static string HiveType(string? grokType) => grokType?.Trim().ToLowerInvariant() switch
    {
        "byte" => "tinyint",
        "short" => "smallint",
        "int" or "integer" => "int",
        "long" => "bigint",
        "float" => "float",
        "double" => "double",
        "boolean" => "boolean",
        _ => "string",
    };

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    /// <summary>The '}' closing the '{' at <paramref name="open"/>, counting nested braces (inline definitions hold %{...}).</summary>
    private static int ClosingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }

        return -1;
    }
}
