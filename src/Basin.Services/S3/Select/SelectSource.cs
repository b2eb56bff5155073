using System.Globalization;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Sql;

namespace Basin.Services.S3.Select;

/// <summary>
/// The S3Object table of an S3 Select request as DuckDB SQL over the object's file: CSV read as
/// text (S3 Select's fields are strings until CAST), with the header's names (USE) or positional
/// names _1, _2, ... (NONE, IGNORE); JSON documents or lines; Parquet with its own types; GZIP
/// decompressed by the engine, BZIP2 by Basin before the engine reads it (<see cref="Lake.QueryLakeFiles"/>).
/// </summary>
public static class SelectSource
{
    /// <summary>
    /// The statement that creates the temp view <c>s3object</c> on <paramref name="session"/>:
    /// the object's records, or for a JSON object queried with a FROM path, the values it reaches.
    /// </summary>
    public static string CreateView(SqlSession session, InputSerialization input, string path, SelectFromPath? from = null)
    {
        if (from?.JsonPath is not null && input.JSON is null) throw SelectExpression.Unsupported("The FROM clause path form S3Object[*].path reads JSON objects only.");

        var compression = input.CompressionType ?? "NONE";
        if (compression is not ("NONE" or "GZIP" or "BZIP2"))
        {
            throw new AwsServiceException("InvalidCompressionFormat", "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.");
        }

        var formats = new[] { input.CSV is not null, input.JSON is not null, input.Parquet is not null }.Count(f => f);
        if (formats != 1) throw new AwsServiceException("ObjectSerializationConflict", "InputSerialization specifies more than one format (CSV, JSON, or Parquet), or OutputSerialization specifies more than one format (CSV or JSON). InputSerialization and OutputSerialization can only specify one format each.");
        var file = SqlText.Literal(path);
        var gzip = compression == "GZIP" ? ", compression='gzip'" : string.Empty;
        if (input.Parquet is not null)
        {
            if (compression != "NONE") throw S3Errors.InvalidRequest("Compression type is not supported for Parquet: Parquet objects are compressed by column.");
            return $"CREATE OR REPLACE TEMP VIEW s3object AS SELECT * FROM read_parquet({file})";
        }

        if (input.JSON is { } json)
        {
            var format = json.Type switch
            {
                "LINES" => "newline_delimited",
                "DOCUMENT" => "auto",
                _ => throw new AwsServiceException("InvalidJsonType", "The JsonType is invalid. Only DOCUMENT and LINES are supported."),
            };
            var records = $"SELECT * FROM read_json({file}, format='{format}'{gzip})";
            return "CREATE OR REPLACE TEMP VIEW s3object AS " + (from?.JsonPath is null ? records : from.ViewQuery(session, records));
        }

        return CsvView(session, input.CSV!, file, gzip);
    }

    private static string CsvView(SqlSession session, CSVInput csv, string file, string gzip)
    {
        var header = csv.FileHeaderInfo ?? "NONE";
        if (header is not ("NONE" or "IGNORE" or "USE")) throw new AwsServiceException("InvalidFileHeaderInfo", "The FileHeaderInfo is invalid. Only NONE, USE, and IGNORE are supported.");
        var options = new List<string>
        {
            "all_varchar=true",
            "null_padding=true",
            "header=" + (header == "USE" ? "true" : "false"),
            "delim=" + SqlText.Literal(Single(csv.FieldDelimiter, ",", "FieldDelimiter")),
            "quote=" + SqlText.Literal(Single(csv.QuoteCharacter, "\"", "QuoteCharacter")),
            "escape=" + SqlText.Literal(Single(csv.QuoteEscapeCharacter, "\"", "QuoteEscapeCharacter")),
        };
        if (header == "IGNORE") options.Add("skip=1");
        if (!string.IsNullOrEmpty(csv.Comments)) options.Add("comment=" + SqlText.Literal(Single(csv.Comments, "#", "Comments")));
        if (csv.RecordDelimiter is { } newline && newline is not ("\n" or "\r\n" or "\r")) throw S3Errors.InvalidArgument("The record delimiter must be \\n, \\r\\n or \\r.", "RecordDelimiter", newline);
        var read = $"read_csv({file}, {string.Join(", ", options)}{gzip})";
        if (header == "USE") return $"CREATE OR REPLACE TEMP VIEW s3object AS SELECT * FROM {read}";

        // Without a header S3 Select names fields by position: _1, _2, ...
        var count = session.QueryLongs($"SELECT count(*) FROM (DESCRIBE SELECT * FROM {read})")[0];
        var columns = string.Join(", ", Enumerable.Range(0, (int)count).Select(i => string.Create(CultureInfo.InvariantCulture, $"column{i} AS _{i + 1}")));
        return $"CREATE OR REPLACE TEMP VIEW s3object AS SELECT {(count == 0 ? "*" : columns)} FROM {read}";
    }

    private static string Single(string? value, string fallback, string name) =>
        value is null or "" ? fallback
        : value.Length == 1 ? value
        : throw S3Errors.InvalidArgument($"The {name} must be a single character.", name, value);
}
