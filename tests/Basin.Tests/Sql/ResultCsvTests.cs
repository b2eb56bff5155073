using Basin.Services.Athena.Results;

namespace Basin.Tests.Sql;

public sealed class ResultCsvTests
{
    [Fact]
    public void Rows_round_trip_with_nulls_quotes_newlines_and_paging()
    {
        var rows = new List<string?[]> { new[] { "a", null, "" }, new[] { "say \"hi\"", "x,y", "line\nbreak" }, new[] { "é", "3", null } };
        var writer = new StringWriter();
        foreach (var row in rows) ResultCsv.WriteRow(writer, row);
        var bytes = System.Text.Encoding.UTF8.GetBytes(writer.ToString());

        var (first, next) = ResultCsv.Read(new MemoryStream(bytes), 0, 2);
        Assert.Equal(rows.Take(2), first);
        Assert.NotNull(next);
        var rest = new MemoryStream(bytes) { Position = next!.Value };
        var (second, end) = ResultCsv.Read(rest, next.Value, 2);
        Assert.Equal(rows.Skip(2), second);
        Assert.Null(end);
    }
}
