using System.Collections.Concurrent;

namespace Basin.Sql.Lake;

/// <summary>
/// The top-level keys each JSON lake file holds, discovered by one scan the first time a query
/// reads the file and remembered for the life of the engine (object files are immutable; the size
/// is part of the identity all the same). See <see cref="JsonKeys"/> for why.
/// </summary>
public sealed class JsonKeyCatalog
{
    // Plenty for a laptop's lake; past it the memory starts over (files are then scanned once more).
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<(string Path, long Size), string[]> _keys = new();

    /// <summary>
    /// The keys of every file of <paramref name="files"/>, scanning those not seen yet with
    /// <paramref name="scan"/>, which answers (file, key) pairs for the files it is given.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KeysOf(IReadOnlyList<LakeFile> files, Func<IReadOnlyList<string>, IEnumerable<(string File, string Key)>> scan)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unknown = new List<LakeFile>();
        foreach (var file in files)
        {
            if (_keys.TryGetValue((file.Path, file.Size), out var known)) keys[file.Path] = known;
            else unknown.Add(file);
        }

        if (unknown.Count == 0) return keys;
        var found = scan([.. unknown.Select(f => f.Path).Distinct(StringComparer.Ordinal)]).ToLookup(p => p.File, p => p.Key, StringComparer.Ordinal);
        if (_keys.Count + unknown.Count > MaxRemembered) _keys.Clear();
        foreach (var file in unknown)
        {
            string[] fileKeys = [.. found[file.Path]];
            _keys[(file.Path, file.Size)] = fileKeys;
            keys[file.Path] = fileKeys;
        }

        return keys;
    }

    /// <summary>The DuckDB query answering (file, key) for every distinct top-level key of <paramref name="files"/>.</summary>
    public static string ScanSql(IReadOnlyList<string> files) =>
        "SELECT DISTINCT filename, unnest(json_keys(json)) FROM read_json_objects([" + string.Join(", ", files.Select(SqlText.Literal)) + "], " +
        "format = 'newline_delimited', filename = true, ignore_errors = true)";
}
