using System.Text;
using Basin.Sql;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena;

/// <summary>
/// StartQueryExecution's ExecutionParameters: each value is SQL text (a literal such as 'abc' or 42)
/// put in place of the query's next ? placeholder, in order, as Athena does.
/// </summary>
public static class ExecutionParameters
{
    public static string Bind(string sql, IReadOnlyList<string> values)
    {
        var placeholders = SqlLexer.Tokenize(sql).Where(t => t.Kind == SqlTokenKind.Parameter).ToList();
        if (placeholders.Count == 0 && values.Count == 0) return sql;
        if (placeholders.Count != values.Count)
        {
            throw new SqlException("INVALID_PARAMETER_USAGE",
                $"Incorrect number of parameters: expected {placeholders.Count} but found {values.Count}");
        }

        var sb = new StringBuilder();
        var last = 0;
        for (var i = 0; i < placeholders.Count; i++)
        {
            sb.Append(sql, last, placeholders[i].Offset - last).Append(values[i]);
            last = placeholders[i].Offset + 1;
        }

        return sb.Append(sql, last, sql.Length - last).ToString();
    }
}
