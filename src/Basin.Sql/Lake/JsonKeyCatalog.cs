using System.Collections.Concurrent;

namespace Basin.Sql.Lake;

/// <summary>
/// What a JSON file's objects hold: their top-level keys, and whether any object has, below its
/// top level, a key with an upper-case letter (then struct members must be matched ignoring case).
/// </summary>
public sealed record JsonFileKeys(IReadOnlyList<string> Names, bool MixedCaseMembers);

/// <summary>
/// The top-level keys each JSON lake file holds, discovered by one scan the first time a query
/// reads the file and remembered for the life of the engine (object files are immutable; the size
/// is part of the identity all the same). See <see cref="JsonKeys"/> for why.
/// </summary>
public sealed class JsonKeyCatalog
{
    // Plenty for a laptop's lake; past it the memory starts over (files are then scanned once more).
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<(string Path, long Size), JsonFileKeys> _keys = new();

    /// <summary>
    /// The keys of every file of <paramref name="files"/>, scanning those not seen yet with
    /// <paramref name="scan"/>, which answers (file, key, mixed-case members) rows for the files it is given.
    /// </summary>
    public IReadOnlyDictionary<string, JsonFileKeys> KeysOf(IReadOnlyList<LakeFile> files, Func<IReadOnlyList<string>, IEnumerable<(string File, string Key, bool MixedCaseMembers)>> scan)
    {
        var keys = new Dictionary<string, JsonFileKeys>(StringComparer.Ordinal);
        var unknown = new List<LakeFile>();
        foreach (var file in files)
        {
            if (_keys.TryGetValue((file.Path, file.Size), out var known)) keys[file.Path] = known;
            else unknown.Add(file);
        }

        if (unknown.Count == 0) return keys;
        var found = scan([.. unknown.Select(f => f.Path).Distinct(StringComparer.Ordinal)]).ToLookup(p => p.File, StringComparer.Ordinal);
        if (_keys.Count + unknown.Count > MaxRemembered) _keys.Clear();
        foreach (var file in unknown)
        {
            var rows = found[file.Path];
            var fileKeys = new JsonFileKeys([.. rows.Select(r => r.Key).Distinct(StringComparer.Ordinal)], rows.Any(r => r.MixedCaseMembers));
            _keys[(file.Path, file.Size)] = fileKeys;
            keys[file.Path] = fileKeys;
        }

        return keys;
    }

    /// <summary>
    /// The DuckDB query answering (file, key, mixed-case members) for the top-level keys of
    /// <paramref name="files"/>, a key possibly more than once. The last is whether a row has,
    /// below its top level, a key with an upper-case letter: it has when its text holds more such
    /// keys than its top level does (a regex count, where walking each value's json_structure is
    /// ten times slower; a string that merely looks like a key can only make a file read the careful way).
    /// </summary>
    public static string ScanSql(IReadOnlyList<string> files)
    {
        const string upperKey = "'\"[^\"\\\\]*[A-Z][^\"\\\\]*\"\\s*:'";
        var nested = $"CASE WHEN regexp_matches(text, {upperKey}) THEN len(regexp_extract_all(text, {upperKey})) > len(list_filter(keys, x -> regexp_matches(x, '[A-Z]'))) ELSE false END";

        // Grouped by each row's key list first (a file holds few distinct ones), so the test runs once per row.
        return $"SELECT filename, unnest(keys), nested FROM (SELECT filename, keys, bool_or({nested}) AS nested " +
            "FROM (SELECT filename, json_keys(json) AS keys, CAST(json AS VARCHAR) AS text " +
            "FROM read_json_objects([" + string.Join(", ", files.Select(SqlText.Literal)) + "], format = 'newline_delimited', filename = true, ignore_errors = true)) " +
            "GROUP BY filename, keys)";
    }
}
