using System.Text;
using System.Text.RegularExpressions;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// A crawler exclusion: a glob over the object key relative to the include path. <c>*</c> stays
/// within one folder, <c>**</c> crosses folders, <c>?</c> is one character, <c>[a-z]</c> and
/// <c>[!a-z]</c> are classes, <c>{a,b}</c> alternatives, <c>\</c> escapes (Glue's "Include and
/// exclude patterns").
/// </summary>
public sealed class ExclusionPattern
{
    private readonly Regex _regex;

    private ExclusionPattern(Regex regex) => _regex = regex;

    public bool Excludes(string relativeKey) => _regex.IsMatch(relativeKey);

    public static ExclusionPattern Parse(string glob)
    {
        var pattern = new StringBuilder("^");
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '\\' when i + 1 < glob.Length:
                    pattern.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    pattern.Append(".*");
                    i++;
                    break;
                case '*':
                    pattern.Append("[^/]*");
                    break;
                case '?':
                    pattern.Append("[^/]");
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0) throw GlueErrors.InvalidInput($"Exclusion pattern {glob} has an unclosed bracket.");
                    var inner = glob[(i + 1)..end];
                    pattern.Append('[').Append(inner.StartsWith('!') ? "^" + Escape(inner[1..]) : Escape(inner)).Append(']');
                    i = end;
                    break;
                case '{':
                    braces++;
                    pattern.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    pattern.Append(')');
                    break;
                case ',' when braces > 0:
                    pattern.Append('|');
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (braces != 0) throw GlueErrors.InvalidInput($"Exclusion pattern {glob} has an unclosed brace.");
        return new ExclusionPattern(new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static string Escape(string classBody) => classBody.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("^", "\\^", StringComparison.Ordinal);
}
