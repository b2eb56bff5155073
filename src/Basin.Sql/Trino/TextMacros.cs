namespace Basin.Sql.Trino;

/// <summary>
/// Trino's URL and JSON inspection functions, which DuckDB lacks. The URL parts follow RFC 3986's
/// grammar as java.net.URI reads it: an absent part (no query, no port) is NULL, an empty path is ''.
/// </summary>
internal static class TextMacros
{
    private const string Scheme = "(?:[A-Za-z][A-Za-z0-9+.-]*:)?";
    private const string Authority = Scheme + @"//(?:[^/?#@]*@)?";
    private const string Host = @"\[[^\]]*\]|[^:/?#]*";

    public static readonly string[] Definitions =
    [
        "CREATE MACRO trino_url_protocol(url) AS nullif(regexp_extract(url, '^([A-Za-z][A-Za-z0-9+.-]*):', 1), '')",
        $"CREATE MACRO trino_url_host(url) AS nullif(regexp_extract(url, '^{Authority}({Host})', 1), '')",
        $"CREATE MACRO trino_url_port(url) AS TRY_CAST(nullif(regexp_extract(url, '^{Authority}(?:{Host}):([0-9]+)', 1), '') AS BIGINT)",
        $"CREATE MACRO trino_url_path(url) AS regexp_extract(url, '^{Scheme}(?://[^/?#]*)?([^?#]*)', 1)",
        @"CREATE MACRO trino_url_query(url) AS CASE WHEN regexp_matches(url, '^[^#]*\?') THEN regexp_extract(url, '^[^?#]*\?([^#]*)', 1) END",
        "CREATE MACRO trino_url_fragment(url) AS CASE WHEN strpos(url, '#') > 0 THEN substr(url, strpos(url, '#') + 1) END",

        // The first parameter of that name; one written without '=' has the empty value.
        """
        CREATE MACRO trino_url_parameter(url, name) AS list_filter(
            list_transform(string_split(trino_url_query(url), '&'), p -> CASE WHEN p = name THEN '' WHEN starts_with(p, name || '=') THEN substr(p, length(name) + 2) END),
            v -> v IS NOT NULL)[1]
        """,

        // json_size: members of an object or array, 0 for a scalar, NULL where the path finds nothing.
        """
        CREATE MACRO trino_json_size(j, path) AS CASE
            WHEN json_type(j, path) = 'ARRAY' THEN CAST(json_array_length(j, path) AS BIGINT)
            WHEN json_type(j, path) = 'OBJECT' THEN len(json_keys(j, path))
            WHEN json_type(j, path) IS NOT NULL THEN CAST(0 AS BIGINT)
        END
        """,
    ];
}
