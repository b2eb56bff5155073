namespace Basin.Sql.Lake;

/// <summary>
/// How Athena writes a table's files (CTAS, INSERT INTO, UNLOAD): the format, its compression
/// and, for delimited text, the field delimiter and quote. Text is written as Hive's
/// LazySimpleSerDe reads it: unquoted fields, \N for NULL. A compression the writer cannot produce
/// is refused before anything runs.
/// </summary>
public sealed record LakeWriteFormat
{
    public LakeWriteFormat(LakeFormat format, string compression, string delimiter = "\u0001", string? quote = null)
    {
        var supported = format == LakeFormat.Parquet ? ["GZIP", "SNAPPY", "ZSTD", "NONE", "UNCOMPRESSED"] : new[] { "GZIP", "ZSTD", "NONE", "UNCOMPRESSED" };
        if (!supported.Contains(compression.ToUpperInvariant()))
        {
            throw new SqlException("NOT_SUPPORTED",
                $"Compression {compression.ToUpperInvariant()} is not supported by Basin for {format} output: use one of {string.Join(", ", supported)}");
        }

        (Format, Compression, Delimiter, Quote) = (format, compression, delimiter, quote);
    }

    public LakeFormat Format { get; }
    public string Compression { get; }
    public string Delimiter { get; }
    public string? Quote { get; }

    /// <summary>Delimited text's separators of nested values (<see cref="Hive.HiveNestedText"/>).</summary>
    public string CollectionDelimiter { get; init; } = "\u0002";

    public string MapKeyDelimiter { get; init; } = "\u0003";

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

    /// <summary>
    /// The COPY statement writing <paramref name="columns"/> of a query to one file; text formats
    /// write each value as text, nested ones (<paramref name="types"/>) in Hive's delimited form.
    /// </summary>
    public string CopySql(string query, IReadOnlyList<string> columns, string path, IReadOnlyDictionary<string, Hive.HiveType>? types = null)
    {
        var separators = Hive.HiveNestedText.Separators(CollectionDelimiter, MapKeyDelimiter);
        var list = string.Join(", ", columns.Select(c => Format switch
        {
            LakeFormat.DelimitedText when types?.GetValueOrDefault(c) is { Children.Count: > 0 } nested =>
                $"{Hive.HiveNestedText.Render(SqlText.Identifier(c), nested, separators, "\\N")} AS {SqlText.Identifier(c)}",
            LakeFormat.DelimitedText or LakeFormat.OpenCsv => $"CAST({SqlText.Identifier(c)} AS VARCHAR) AS {SqlText.Identifier(c)}",
            _ => SqlText.Identifier(c),
        }));
        return $"COPY (SELECT {list} FROM ({query}) AS __basin_q) TO {SqlText.Literal(path)} ({CopyOptions()})";
    }
}
