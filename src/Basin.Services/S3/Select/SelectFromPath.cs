using System.Text;
using System.Text.RegularExpressions;
using Basin.Sql;
using Basin.Sql.Results;

namespace Basin.Services.S3.Select;

/// <summary>
/// S3 Select's path form of the FROM clause for JSON objects, <c>FROM S3Object[*].books[*] b</c>:
/// rows are the values the path reaches in each record, by name (<c>.name</c>, <c>['name']</c>),
/// index (<c>[0]</c>) or wildcard (<c>[*]</c> in arrays, <c>.*</c> in objects). A wildcard
/// emits at least one row per record: a record where it reaches nothing gives one MISSING row,
/// which the engine holds as NULLs. Objects reached become columns; anything else is one column,
/// named like the row. Without an alias the row is called by the path's last name, or <c>_1</c>
/// when the path ends in a wildcard, as in S3 Select.
/// </summary>
public sealed partial class SelectFromPath
{
    private SelectFromPath(string expression, string? jsonPath, bool wildcard, string rowName)
    {
        Expression = expression;
        JsonPath = jsonPath;
        Wildcard = wildcard;
        RowName = rowName;
    }

    /// <summary>The expression with the path taken out of its FROM clause (and the row's name as its alias).</summary>
    public string Expression { get; }

    /// <summary>The path in the engine's JSON path syntax (<c>$.books[*]</c>); null when the FROM clause names the records themselves.</summary>
    public string? JsonPath { get; }

    /// <summary>Whether the path holds a wildcard, so that it reaches a list of values in each record.</summary>
    public bool Wildcard { get; }

    /// <summary>What the query calls a row: its alias, else the path's last name, else <c>_1</c>.</summary>
    public string RowName { get; }

    /// <summary>The expression's FROM path, or null when its FROM clause is plain <c>S3Object</c>.</summary>
    public static SelectFromPath? Find(string expression)
    {
        var match = FromClause().Match(expression);
        if (!match.Success || match.Groups["path"].Length == 0) return null;
        var steps = Step().Matches(match.Groups["path"].Value).ToList();

        // The leading [*] runs over the object's records, which the engine reads as rows anyway.
        if (steps is [{ Value: var first }, ..] && IsArrayWildcard(first)) steps.RemoveAt(0);
        var alias = match.Groups["alias"].Success ? match.Groups["alias"].Value : null;
        var path = new StringBuilder("$");
        string? lastName = null;
        var wildcard = false;
        foreach (var step in steps)
        {
            lastName = null;
            if (IsArrayWildcard(step.Value))
            {
                path.Append("[*]");
                wildcard = true;
            }
            else if (step.Groups["index"].Success)
            {
                path.Append('[').Append(step.Groups["index"].Value).Append(']');
            }
            else if (step.Groups["star"].Success)
            {
                path.Append(".*");
                wildcard = true;
            }
            else
            {
                lastName = step.Groups["name"].Success ? step.Groups["name"].Value
                    : step.Groups["quoted"].Success ? step.Groups["quoted"].Value.Replace("\"\"", "\"", StringComparison.Ordinal)
                    : step.Groups["bracket"].Value.Replace("''", "'", StringComparison.Ordinal);
                if (lastName.Contains('"', StringComparison.Ordinal)) throw SelectExpression.Unsupported("A name in the FROM path may not contain a double quote.");
                path.Append(".\"").Append(lastName).Append('"');
            }
        }

        var rowName = alias ?? lastName ?? "_1";
        var from = "FROM S3Object AS " + SqlText.Identifier(rowName);
        var rewritten = expression[..match.Index] + from + expression[(match.Index + match.Length)..];
        return new SelectFromPath(rewritten, steps.Count == 0 ? null : path.ToString(), wildcard, rowName);
    }

    /// <summary>
    /// The view's query over <paramref name="records"/>, a query whose rows are the object's
    /// records: each record as JSON, walked along the path, typed by the structure of all the
    /// values it reaches.
    /// </summary>
    public string ViewQuery(SqlSession session, string records)
    {
        var reached = $"SELECT json_extract(to_json(r), {SqlText.Literal(JsonPath!)}) AS v FROM ({records}) r";
        var rows = Wildcard ? $"SELECT unnest(CASE WHEN len(v) = 0 THEN [NULL::JSON] ELSE v END) AS v FROM ({reached})" : reached;
        string? structure;
        using (var result = new ResultRows(session.Query($"SELECT json_group_structure(v) FROM ({rows})")))
        {
            structure = result.Read().First()[0];
        }

        var column = SqlText.Identifier(RowName);
        return structure switch
        {
            ['{', ..] => $"SELECT unnest(json_transform(v, {SqlText.Literal(structure)})) FROM ({rows})",
            null or "\"NULL\"" or "\"JSON\"" => $"SELECT v AS {column} FROM ({rows})",
            _ => $"SELECT json_transform(v, {SqlText.Literal(structure)}) AS {column} FROM ({rows})",
        };
    }

    private static bool IsArrayWildcard(string step) => step.Replace(" ", string.Empty, StringComparison.Ordinal) == "[*]";

    /// <summary>FROM S3Object, the path after it, and the alias after that (a word that is not the next clause's keyword).</summary>
    [GeneratedRegex("""\bFROM\s+S3Object\b(?<path>(?:\s*(?:\[\s*(?:\*|\d+|'(?:[^']|'')*')\s*\]|\.\s*(?:\*|[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")*")))*)(?:\s+(?:AS\s+)?(?!(?:WHERE|LIMIT|GROUP|ORDER|HAVING)\b)(?<alias>[A-Za-z_][A-Za-z0-9_]*))?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromClause();

    [GeneratedRegex("""(?:\[\s*\*\s*\]|\[\s*(?<index>\d+)\s*\]|\[\s*'(?<bracket>(?:[^']|'')*)'\s*\]|\.\s*(?<star>\*)|\.\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)|(?:\.\s*"(?<quoted>(?:[^"]|"")*)"))""")]
    private static partial Regex Step();
}
