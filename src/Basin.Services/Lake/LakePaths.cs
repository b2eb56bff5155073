namespace Basin.Services.Lake;

/// <summary>Rules for object keys under a table's location that every reader of the lake shares (crawlers, Athena).</summary>
public static class LakePaths
{
    /// <summary>
    /// Hive's hidden paths, which readers skip: a key below the location whose name or any folder
    /// starts with '_' or '.' (_SUCCESS, _temporary/, .hive-staging), or that is a folder marker.
    /// </summary>
    public static bool IsHidden(string relativeKey) =>
        relativeKey.Length == 0 || relativeKey.EndsWith('/') || relativeKey.Split('/').Any(s => s.Length == 0 || s[0] is '_' or '.');
}
