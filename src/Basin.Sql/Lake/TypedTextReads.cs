using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Basin.DuckDb;
using Basin.DuckDb.Native;

namespace Basin.Sql.Lake;

/// <summary>
/// Which delimited-text files the engine may read with typed columns. Reading every field as text
/// and converting it with TRY_CAST gives Hive's semantics (a field that does not parse is NULL) but
/// costs about a fifth of a CSV scan; DuckDB's typed reader converts the same way, yet fails the
/// query on the first field it cannot convert. So a file is read typed until it fails once; the
/// session then remembers it here (for the life of the engine: object files are immutable) and
/// re-runs the statement with that file read as text. Results are the same either way.
/// </summary>
public sealed partial class TypedTextReads
{
    // Plenty for a laptop's lake; past it the memory starts over (a file is then tried typed once more).
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, byte> _textOnly = new(StringComparer.Ordinal);

    /// <summary>True once a field of <paramref name="path"/> failed to convert to its column's type.</summary>
    public bool IsTextOnly(string path) => _textOnly.ContainsKey(path);

    /// <summary>
    /// The file a typed read failed on, when <paramref name="error"/> is the CSV reader's conversion
    /// failure, remembered so it is read as text from now on; null for any other error.
    /// </summary>
    public string? RememberFailure(DuckDbException error)
    {
        if (error.ErrorType != DuckDbErrorType.Conversion || !error.Message.StartsWith("Conversion Error: CSV Error", StringComparison.Ordinal)) return null;

        // The reader's report ends with its options, the file among them; the last match, since the quoted line is the user's data.
        var matches = FileLine().Matches(error.Message);
        if (matches.Count == 0) return null;
        var path = matches[^1].Groups["path"].Value;
        if (_textOnly.Count >= MaxRemembered) _textOnly.Clear();
        _textOnly.TryAdd(path, 0);
        return path;
    }

    [GeneratedRegex(@"^\s*file = (?<path>.+?)\s*$", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex FileLine();
}
