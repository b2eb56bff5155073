using System.Text;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// Splits CSV text into records (RFC 4180: a quoted field may hold delimiters, doubled quotes and
/// line breaks). Reads at most a number of records; a record cut off by the end of a partial
/// sample is dropped, since its field count would be wrong.
/// </summary>
public static class CsvRecords
{
    public sealed record Result(List<string[]> Records, bool AnyQuoted, long Bytes);

    public static Result Read(string text, char delimiter, char quote, int maxRecords, bool complete)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var anyQuoted = false;
        var inQuotes = false;
        var recordStart = 0;
        var consumed = 0L;
        var i = 0;
        while (i < text.Length && records.Count < maxRecords)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == quote)
                {
                    if (i + 1 < text.Length && text[i + 1] == quote)
                    {
                        field.Append(quote);
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            if (c == quote && field.Length == 0)
            {
                inQuotes = true;
                anyQuoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                var end = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
                if (fields.Count > 0 || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    records.Add([.. fields]);
                    consumed += Encoding.UTF8.GetByteCount(text.AsSpan(recordStart, end - recordStart));
                }

                fields.Clear();
                field.Clear();
                recordStart = end;
                i = end;
                continue;
            }
            else
            {
                field.Append(c);
            }

            i++;
        }

        // The last line of a whole file needs no line break; in a partial sample it is cut off.
        if (complete && !inQuotes && records.Count < maxRecords && (fields.Count > 0 || field.Length > 0))
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
            consumed += Encoding.UTF8.GetByteCount(text.AsSpan(recordStart));
        }

        return new Result(records, anyQuoted, consumed);
    }
}
