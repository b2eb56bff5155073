using System.Globalization;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Sql.Lake;
using Basin.Sql.Results;

namespace Basin.Services.Athena.Statements;

/// <summary>What a write produced: rows, the objects written, and the partitions they went to (values in key order).</summary>
public sealed record WrittenData(long Rows, IReadOnlyList<string> Objects, IReadOnlyList<IReadOnlyList<string>> Partitions);

/// <summary>
/// Writes a query's rows as new objects in the lake (CTAS, INSERT INTO, UNLOAD): the engine
/// writes each file into Basin's scratch space with COPY, then the file is put into S3, so the
/// objects are ordinary S3 objects with their metadata. With partition columns, rows are
/// written to one Hive folder "k=v/" per distinct partition, at most 100 as in Athena.
/// </summary>
public static class LakeWriter
{
    public const int MaxPartitions = 100;
    private const string Staged = "__basin_write";
    private const string PartitionIndex = "__basin_p";

    public static async Task<WrittenData> WriteAsync(StatementContext context, string query, IReadOnlyList<string> columns, IReadOnlyList<string> partitionColumns,
        LakeWriteFormat format, S3Location target)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(context.ScratchDirectory, "write-" + context.QueryId)).FullName;
        try
        {
            var session = context.Session;
            var written = new List<string>();
            // Only delimited text writes by type (nested values in Hive's form): other formats skip the extra bind.
            var types = format.Format == LakeFormat.DelimitedText ? ColumnTypes(session, query) : null;
            if (partitionColumns.Count == 0)
            {
                var rows = await CopyAsync(context, format.CopySql(query, columns, FilePath(scratch, format, context.Now), types), scratch, target, "", written).ConfigureAwait(false);
                return new WrittenData(rows, written, []);
            }

            var dataColumns = columns.Where(c => !partitionColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            var keys = string.Join(", ", partitionColumns.Select(SqlText.Identifier));
            session.Execute($"CREATE OR REPLACE TEMP TABLE {Staged} AS SELECT *, dense_rank() OVER (ORDER BY {keys}) AS {PartitionIndex} FROM ({query}) AS __basin_q");
            var partitions = Partitions(session, keys);
            if (partitions.Count > MaxPartitions)
                throw new SqlException("HIVE_TOO_MANY_OPEN_PARTITIONS", $"Exceeded limit of {MaxPartitions} open writers for partitions/buckets");

            long total = 0;
            foreach (var (index, values) in partitions)
            {
                var folder = HivePartitionPaths.Folder(partitionColumns, values);
                var select = $"SELECT * FROM {Staged} WHERE {PartitionIndex} = {index.ToString(CultureInfo.InvariantCulture)}";
                total += await CopyAsync(context, format.CopySql(select, dataColumns, FilePath(scratch, format, context.Now), types), scratch, target, folder, written).ConfigureAwait(false);
            }

            session.Execute($"DROP TABLE IF EXISTS {Staged}");
            return new WrittenData(total, written, [.. partitions.Select(p => p.Values)]);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The Hive type of each column the query writes (text formats write nested ones in Hive's form).</summary>
    private static Dictionary<string, HiveType>? ColumnTypes(SqlSession session, string query)
    {
        using var rows = new ResultRows(session.Query($"SELECT * FROM ({query}) AS __basin_q LIMIT 0"));
        var types = new Dictionary<string, HiveType>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in rows.Columns)
        {
            if (column.Type.Id is DuckDb.Native.DuckDbTypeId.List or DuckDb.Native.DuckDbTypeId.Array or DuckDb.Native.DuckDbTypeId.Map or DuckDb.Native.DuckDbTypeId.Struct)
            {
                types[column.Name] = HiveType.Parse(HiveTypes.FromDuckDb(column.Type));
            }
        }

        return types;
    }

    /// <summary>Runs one COPY and puts its file under <paramref name="target"/>/<paramref name="folder"/>; an empty result writes no object.</summary>
    private static async Task<long> CopyAsync(StatementContext context, string copy, string scratch, S3Location target, string folder, List<string> written)
    {
        var rows = context.Session.QueryLongs(copy).FirstOrDefault();
        foreach (var file in Directory.GetFiles(scratch))
        {
            if (rows > 0)
            {
                var key = target.FolderPrefix + folder + Path.GetFileName(file);
                await using (var body = File.OpenRead(file))
                    await context.Lake.PutAsync(target.Bucket, key, body, null, context.Account).ConfigureAwait(false);
                written.Add($"s3://{target.Bucket}/{key}");
            }

            File.Delete(file);
        }

        return rows;
    }

    /// <summary>Each distinct partition: its index in the staged rows and its values as Athena writes them in paths (NULL is Hive's default partition).</summary>
    private static List<(long Index, IReadOnlyList<string> Values)> Partitions(SqlSession session, string keys)
    {
        var partitions = new List<(long, IReadOnlyList<string>)>();
        using var rows = new ResultRows(session.Query($"SELECT DISTINCT {PartitionIndex}::VARCHAR, {keys} FROM {Staged} ORDER BY 1"));
        foreach (var row in rows.Read())
            partitions.Add((long.Parse(row[0]!, CultureInfo.InvariantCulture), [.. row.Skip(1).Select(v => v ?? LakeScanSql.HiveDefaultPartition)]));
        return partitions;
    }

    /// <summary>A file name like Athena's: the query's time and a unique id, with the compression suffix readers detect.</summary>
    private static string FilePath(string scratch, LakeWriteFormat format, DateTimeOffset now) =>
        Path.Combine(scratch, $"{now.UtcDateTime:yyyyMMdd_HHmmss}_{Guid.NewGuid():N}{format.Extension}");
}
