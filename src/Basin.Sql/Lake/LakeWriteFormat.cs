namespace Basin.Sql.Lake;

/// <summary>
/// How Athena writes a table's files (CTAS, INSERT INTO, UNLOAD): the format, its compression
/// and, for delimited text, the field delimiter and quote. Text is written as Hive's
/// LazySimpleSerDe reads it: unquoted fields, \N for NULL.
/// </summary>
public sealed record LakeWriteFormat(LakeFormat Format, string Compression, string Delimiter = "\u0001", string? Quote = null)
{
    /// <summary>The file name suffix readers use to detect compression (Parquet compresses inside the file).</summary>
    public string Extension => Format == LakeFormat.Parquet ? "" : Compression.ToUpperInvariant() switch
    {
        "GZIP" => ".gz",
        "ZSTD" => ".zst",
        _ => "",
    };

    /// <summary>DuckDB's COPY options for this format.</summary>
    public string CopyOptions()
    {
        var codec = Compression.ToUpperInvariant() switch
        {
            "NONE" or "UNCOMPRESSED" => "uncompressed",
            var c => c.ToLowerInvariant(),
        };
        return Format switch
        {
            LakeFormat.Parquet => $"FORMAT parquet, COMPRESSION {SqlText.Literal(codec)}",
            LakeFormat.Json => $"FORMAT json, COMPRESSION {SqlText.Literal(codec == "uncompressed" ? "none" : codec)}",
            LakeFormat.OpenCsv => $"FORMAT csv, DELIMITER {SqlText.Literal(Delimiter)}, QUOTE {SqlText.Literal(Quote ?? "\"")}, HEADER false, NULLSTR '', COMPRESSION {SqlText.Literal(codec == "uncompressed" ? "none" : codec)}",
            _ => $"FORMAT csv, DELIMITER {SqlText.Literal(Delimiter)}, QUOTE '', ESCAPE '', HEADER false, NULLSTR '\\N', COMPRESSION {SqlText.Literal(codec == "uncompressed" ? "none" : codec)}",
        };
    }

    /// <summary>The COPY statement writing <paramref name="columns"/> of a query to one file; text formats write each value as text.</summary>
    public string CopySql(string query, IReadOnlyList<string> columns, string path)
    {
        var list = string.Join(", ", columns.Select(c => Format is LakeFormat.DelimitedText or LakeFormat.OpenCsv
            ? $"CAST({SqlText.Identifier(c)} AS VARCHAR) AS {SqlText.Identifier(c)}"
            : SqlText.Identifier(c)));
        return $"COPY (SELECT {list} FROM ({query}) AS __basin_q) TO {SqlText.Literal(path)} ({CopyOptions()})";
    }
}
