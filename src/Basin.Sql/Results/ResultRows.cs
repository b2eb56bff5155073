using Basin.DuckDb;

namespace Basin.Sql.Results;

/// <summary>
/// A running query's rows, read chunk by chunk and rendered as Athena's text values (null for SQL NULL),
/// so a large result streams to its CSV without being held in memory.
/// </summary>
public sealed class ResultRows : IDisposable
{
    private readonly DuckDbResult _result;

    public ResultRows(DuckDbResult result)
    {
        _result = result;
        Columns = [.. result.Columns.Select(c => new ResultColumn(c.Name, c.Type))];
    }

    public IReadOnlyList<ResultColumn> Columns { get; }

    public IEnumerable<string?[]> Read()
    {
        while (_result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, Columns.Count).Select(chunk.Column).ToArray();
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    var values = new string?[vectors.Length];
                    for (var c = 0; c < vectors.Length; c++) values[c] = TrinoText.Format(vectors[c], row);
                    yield return values;
                }
            }
        }
    }

    public void Dispose() => _result.Dispose();
}
