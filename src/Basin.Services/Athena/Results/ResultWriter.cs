using System.Text;
using Basin.Aws.Model.Athena;
using Basin.Services.Athena.Statements;
using Basin.Services.Lake;
using Basin.Sql.Results;

namespace Basin.Services.Athena.Results;

/// <summary>
/// Writes a statement's output where Athena writes it: a SELECT's rows to
/// <c>&lt;OutputLocation&gt;/&lt;id&gt;.csv</c> (header first) with its column metadata beside it in
/// <c>&lt;id&gt;.csv.metadata</c>; a utility statement's lines to <c>&lt;id&gt;.txt</c>; a write
/// (CTAS, INSERT INTO, UNLOAD) the data manifest <c>&lt;id&gt;-manifest.csv</c> listing the objects
/// it wrote. DDL that returns nothing writes an empty .txt, as Athena does.
/// </summary>
public static class ResultWriter
{
    public static async Task<(ResultMetadata Result, long ScannedBytes)> WriteAsync(ILakeObjects lake, string account, S3Location output, string id, StatementOutcome outcome)
    {
        var prefix = output.FolderPrefix + id;
        var temp = Path.Combine(Path.GetTempPath(), "basin-athena-" + id);
        await using var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        ResultMetadata result;
        long scanned = 0;
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            switch (outcome)
            {
                case StatementOutcome.Rows rows:
                    using (rows.Result)
                    {
                        var columns = rows.Result.Columns.Select(Info).ToList();
                        ResultCsv.WriteRow(writer, [.. columns.Select(c => c.Name)]);
                        long count = 0;
                        foreach (var row in rows.Result.Read())
                        {
                            ResultCsv.WriteRow(writer, row);
                            count++;
                        }

                        scanned = rows.ScannedBytes;
                        result = new ResultMetadata { Bucket = output.Bucket, Key = prefix + ".csv", IsCsv = true, Columns = columns, RowCount = count };
                    }

                    break;
                case StatementOutcome.Written written:
                    foreach (var uri in written.Objects) await writer.WriteAsync(uri + "\n").ConfigureAwait(false);
                    scanned = written.ScannedBytes;
                    result = new ResultMetadata { Bucket = output.Bucket, Key = prefix + "-manifest.csv", RowCount = 0, UpdateCount = written.RowCount };
                    break;
                case StatementOutcome.Text text:
                    foreach (var line in text.Lines) await writer.WriteAsync(line + "\n").ConfigureAwait(false);
                    result = new ResultMetadata { Bucket = output.Bucket, Key = prefix + ".txt", Columns = [TextColumn(text.ColumnName)], RowCount = text.Lines.Count };
                    break;
                default:
                    result = new ResultMetadata { Bucket = output.Bucket, Key = prefix + ".txt", RowCount = 0 };
                    break;
            }
        }

        file.Position = 0;
        await lake.PutAsync(result.Bucket, result.Key, file, result.IsCsv ? "text/csv" : "text/plain", account).ConfigureAwait(false);
        if (result.IsCsv)
        {
            var metadata = Encoding.UTF8.GetBytes(Glue.CatalogDocuments.Serialize(result.Columns));
            await lake.PutAsync(result.Bucket, result.Key + ".metadata", new MemoryStream(metadata), "application/json", account).ConfigureAwait(false);
        }

        return (result, scanned);
    }

    private static ColumnInfo Info(ResultColumn column) => new()
    {
        CatalogName = "hive",
        SchemaName = "",
        TableName = "",
        Name = column.Name,
        Label = column.Name,
        Type = TrinoTypes.BaseName(column.Type),
        Precision = TrinoTypes.Precision(column.Type),
        Scale = TrinoTypes.Scale(column.Type),
        Nullable = "UNKNOWN",
        CaseSensitive = TrinoTypes.BaseName(column.Type) is "varchar" or "char",
    };

    private static ColumnInfo TextColumn(string name) => new()
    {
        CatalogName = "hive",
        SchemaName = "",
        TableName = "",
        Name = name,
        Label = name,
        Type = "string",
        Precision = 0,
        Scale = 0,
        Nullable = "UNKNOWN",
        CaseSensitive = false,
    };
}
