using System.Text;
using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Sql.Results;

namespace Basin.Services.S3.Select;

/// <summary>
/// Serializes result rows as S3 Select returns them: CSV (field and record delimiters, quoting
/// ASNEEDED or ALWAYS with the quote and escape characters; NULL as an empty field) or JSON
/// (one object per record, numbers and booleans unquoted, each followed by the record delimiter).
/// </summary>
public sealed class SelectOutput
{
    private readonly OutputSerialization _output;
    private readonly IReadOnlyList<ResultColumn> _columns;
    private readonly bool[] _unquoted;

    public SelectOutput(OutputSerialization output, IReadOnlyList<ResultColumn> columns)
    {
        if ((output.CSV is null) == (output.JSON is null)) throw new AwsServiceException("ObjectSerializationConflict", "InputSerialization specifies more than one format (CSV, JSON, or Parquet), or OutputSerialization specifies more than one format (CSV or JSON). InputSerialization and OutputSerialization can only specify one format each.");
        if (output.CSV?.QuoteFields is { } quoting && quoting is not ("ASNEEDED" or "ALWAYS")) throw new AwsServiceException("InvalidQuoteFields", "The QuoteFields is invalid. Only ALWAYS and ASNEEDED are supported.");
        _output = output;
        _columns = columns;
        _unquoted = [.. columns.Select(c => c.TrinoType is "boolean" or "tinyint" or "smallint" or "integer" or "bigint" or "real" or "double" || c.TrinoType.StartsWith("decimal", StringComparison.Ordinal))];
    }

    public void Append(StringBuilder text, string?[] row)
    {
        if (_output.JSON is { } json)
        {
            AppendJson(text, row);
            text.Append(json.RecordDelimiter ?? "\n");
            return;
        }

        var csv = _output.CSV!;
        var delimiter = csv.FieldDelimiter ?? ",";
        var quote = csv.QuoteCharacter ?? "\"";
        var escape = csv.QuoteEscapeCharacter ?? quote;
        var newline = csv.RecordDelimiter ?? "\n";
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0) text.Append(delimiter);
            var value = row[i] ?? string.Empty;
            var quoted = csv.QuoteFields == "ALWAYS" || value.Contains(delimiter, StringComparison.Ordinal) || value.Contains(quote, StringComparison.Ordinal)
                || value.Contains(newline, StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal);
            if (quoted) text.Append(quote).Append(value.Replace(quote, escape + quote, StringComparison.Ordinal)).Append(quote);
            else text.Append(value);
        }

        text.Append(newline);
    }

    private void AppendJson(StringBuilder text, string?[] row)
    {
        text.Append('{');
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(JsonSerializer.Serialize(_columns[i].Name)).Append(':');
            if (row[i] is not { } value) text.Append("null");
            else if (_unquoted[i]) text.Append(value);
            else text.Append(JsonSerializer.Serialize(value));
        }

        text.Append('}');
    }
}
