using Basin.DuckDb;

namespace Basin.Sql.Results;

/// <summary>
/// A running query's rows, read chunk by chunk and rendered as Athena's text values (null for SQL NULL),
/// so a large result streams to its CSV without being held in memory.
/// </summary>
public sealed class ResultRows : IDisposable
{
    private readonly DuckDbResult _result;

    /// <param name="zones">Result columns that are timestamps with a named time zone, by position: their text ends with the zone.</param>
    public ResultRows(DuckDbResult result, IReadOnlyDictionary<int, string>? zones = null)
    {
        _result = result;
        Columns = [.. result.Columns.Select((c, i) => new ResultColumn(c.Name, c.Type, zones?.GetValueOrDefault(i)))];
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
                    for (var c = 0; c < vectors.Length; c++)
                    {
                        values[c] = TrinoText.Format(vectors[c], row);
                        if (Columns[c].Zone is { } zone && values[c] is { } local) values[c] = local + " " + zone;
                    }

                    yield return values;
                }
            }
        }
    }

    public void Dispose() => _result.Dispose();
}
