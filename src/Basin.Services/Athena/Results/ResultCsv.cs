using System.Text;

namespace Basin.Services.Athena.Results;

/// <summary>
/// Athena's result file format: every value in double quotes (quotes doubled inside), NULL as an
/// empty unquoted field, one row per line, the header first. Reading works on bytes so a page can
/// resume at a byte offset (the GetQueryResults NextToken); CSV's structural characters are ASCII,
/// which never occurs inside a multi-byte UTF-8 character.
/// </summary>
public static class ResultCsv
{
    public static void WriteRow(TextWriter writer, IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) writer.Write(',');
            if (values[i] is not { } value) continue;
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }

        writer.Write('\n');
    }

    /// <summary>Reads up to <paramref name="max"/> rows starting at a record boundary; returns them and the offset after them (null at the end).</summary>
    public static (List<string?[]> Rows, long? Next) Read(Stream stream, long offset, int max)
    {
        var rows = new List<string?[]>();
        var fields = new List<string?>();
        var field = new List<byte>();
        var quoted = false;
        var inQuotes = false;
        var position = offset;
        int b;
        while (rows.Count < max && (b = stream.ReadByte()) >= 0)
        {
            position++;
            if (inQuotes)
            {
                if (b == '"')
                {
                    var next = stream.ReadByte();
                    if (next == '"')
                    {
                        position++;
                        field.Add((byte)'"');
                        continue;
                    }

                    inQuotes = false;
                    if (next < 0) break;
                    position++;
                    b = next;
                }
                else
                {
                    field.Add((byte)b);
                    continue;
                }
            }

            switch (b)
            {
                case '"':
                    inQuotes = quoted = true;
                    break;
                case ',':
                    fields.Add(Take(field, quoted));
                    quoted = false;
                    break;
                case '\n':
                    fields.Add(Take(field, quoted));
                    quoted = false;
                    rows.Add([.. fields]);
                    fields.Clear();
                    break;
                default:
                    field.Add((byte)b);
                    break;
            }
        }

        if (fields.Count > 0 || field.Count > 0 || quoted)
        {
            fields.Add(Take(field, quoted));
            rows.Add([.. fields]);
        }

        return (rows, stream.ReadByte() < 0 ? null : position);
    }

    private static string? Take(List<byte> field, bool quoted)
    {
        var value = field.Count == 0 && !quoted ? null : Encoding.UTF8.GetString([.. field]);
        field.Clear();
        return value;
    }
}
