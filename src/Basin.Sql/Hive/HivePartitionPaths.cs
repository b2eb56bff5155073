using System.Globalization;
using System.Text;

namespace Basin.Sql.Hive;

/// <summary>
/// Hive's partition folder names, "key=value/key2=value2/", with the value escaping Hive applies
/// (FileUtils.escapePathName: %XX for '/', '=', ':', '%', quotes and the like) and its reverse.
/// </summary>
public static class HivePartitionPaths
{
    private const string Escaped = "\"#%'*/:=?\\\u007f{[]^";

    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c < ' ' || Escaped.Contains(c, StringComparison.Ordinal)) text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else text.Append(c);
        }

        return text.ToString();
    }

    public static string Unescape(string segment) => Uri.UnescapeDataString(segment);

    /// <summary>"k1=v1/k2=v2/" for a partition's values (the folder under the table's location).</summary>
    public static string Folder(IReadOnlyList<string> keys, IReadOnlyList<string> values) =>
        string.Concat(keys.Select((k, i) => $"{k}={Escape(values[i])}/"));

    /// <summary>A "key=value" folder segment as (key, unescaped value), or null for a plain folder name.</summary>
    public static (string Key, string Value)? Segment(string segment)
    {
        var eq = segment.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (segment[..eq], Unescape(segment[(eq + 1)..])) : null;
    }
}
