using System.Text;
using System.Text.RegularExpressions;
using Basin.DuckDb;
using Basin.DuckDb.Native;
using Basin.Sql.Lexing;

namespace Basin.Sql;

/// <summary>
/// Turns DuckDB's failures into the errors Athena (Trino) gives for the same mistake, positioned
/// in the user's own SQL text ("line L:C"), since DuckDB's positions refer to the rewritten query.
/// </summary>
public static partial class SqlErrors
{
    public static SqlException Syntax(string sql, int byteOffset, string duckDbMessage)
    {
        var near = NearToken().Match(duckDbMessage);
        var (line, column) = LineColumn(sql, byteOffset);
        if (byteOffset < 0 && near.Success)
        {
            var token = SqlLexer.Tokenize(sql).FirstOrDefault(t => t.Text.Equals(near.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            if (token is not null) (line, column) = (token.Line, token.Column);
        }

        var what = near.Success ? $"mismatched input '{near.Groups[1].Value}'" : "syntax error";
        if (duckDbMessage.Contains("end of input", StringComparison.OrdinalIgnoreCase)) what = "mismatched input '<EOF>'";
        return new SqlException("SYNTAX_ERROR", $"line {line}:{column}: {what}");
    }

    public static SqlException TableNotFound(string sql, int byteOffset, string qualifiedName)
    {
        var (line, column) = LineColumn(sql, byteOffset);
        return new SqlException("TABLE_NOT_FOUND", $"line {line}:{column}: Table '{qualifiedName}' does not exist");
    }

    public static SqlException SchemaNotFound(string sql, int byteOffset, string qualifiedName)
    {
        var (line, column) = LineColumn(sql, byteOffset);
        return new SqlException("SCHEMA_NOT_FOUND", $"line {line}:{column}: Schema '{qualifiedName}' does not exist");
    }

    private static readonly string[] SelfNamed = [Trino.TrinoMacros.DivisionByZero, Trino.TrinoMacros.InvalidFunctionArgument, Trino.TrinoMacros.FunctionNotFound, Lake.JsonKeys.DuplicateKeyError];

    /// <summary>Maps a DuckDB error raised while running the rewritten query; <paramref name="sql"/> is the user's text.</summary>
    public static SqlException FromDuckDb(DuckDbException e, string sql)
    {
        var message = FirstLine(e.Message);
        if (ColumnNotFound().Match(message) is { Success: true } column)
        {
            var name = column.Groups[1].Value;
            return new SqlException("COLUMN_NOT_FOUND", $"{PositionOf(sql, name)}Column '{name.ToLowerInvariant()}' cannot be resolved or requester is not authorized to access requested resources");
        }

        if (FunctionNotFound().Match(message) is { Success: true } function)
        {
            var name = function.Groups[1].Value;
            return new SqlException("FUNCTION_NOT_FOUND", $"{PositionOf(sql, name)}Function '{name.ToLowerInvariant()}' not registered");
        }

        // Errors Basin's own SQL raises (Trino macros, the JSON row reader) name the Athena error themselves: error('NAME: message').
        if (e.ErrorType is DuckDbErrorType.InvalidInput or DuckDbErrorType.Binder && StripClass(message) is var raised &&
            SelfNamed.FirstOrDefault(n => raised.StartsWith(n + ":", StringComparison.Ordinal)) is { } named)
            return new SqlException(named, raised[(named.Length + 1)..].Trim());

        return e.ErrorType switch
        {
            DuckDbErrorType.Conversion or DuckDbErrorType.InvalidInput => new SqlException("INVALID_CAST_ARGUMENT", StripClass(message)),
            DuckDbErrorType.OutOfRange or DuckDbErrorType.Decimal => new SqlException("NUMERIC_VALUE_OUT_OF_RANGE", StripClass(message)),
            DuckDbErrorType.DivideByZero => new SqlException("DIVISION_BY_ZERO", "Division by zero"),
            DuckDbErrorType.Binder or DuckDbErrorType.Catalog or DuckDbErrorType.MismatchType => new SqlException("TYPE_MISMATCH", StripClass(message)),
            DuckDbErrorType.NotImplemented => new SqlException("NOT_SUPPORTED", StripClass(message)),
            DuckDbErrorType.Permission => new SqlException("PERMISSION_DENIED", "Access denied: queries may read only the lake objects of catalog tables"),
            DuckDbErrorType.Interrupt => new SqlException("USER_CANCELED", "Query was canceled by user"),
            DuckDbErrorType.OutOfMemory => new SqlException("EXCEEDED_LOCAL_MEMORY_LIMIT", "Query exceeded local memory limit", isUserError: false),
            DuckDbErrorType.IO => new SqlException("HIVE_CANNOT_OPEN_SPLIT", StripClass(message), isUserError: false),
            _ => new SqlException("GENERIC_INTERNAL_ERROR", StripClass(message), isUserError: false),
        };
    }

    /// <summary>1-based line and column (in characters) of a UTF-8 byte offset, as Trino reports positions.</summary>
    public static (int Line, int Column) LineColumn(string sql, int byteOffset)
    {
        if (byteOffset < 0) return (1, 1);
        var bytes = Encoding.UTF8.GetBytes(sql);
        var prefix = Encoding.UTF8.GetString(bytes, 0, Math.Min(byteOffset, bytes.Length));
        var line = 1 + prefix.Count(c => c == '\n');
        var column = prefix.Length - (prefix.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }

    private static string PositionOf(string sql, string identifier)
    {
        var token = SqlLexer.Tokenize(sql).FirstOrDefault(t => t.IsIdentifier && t.Value.Equals(identifier, StringComparison.OrdinalIgnoreCase));
        return token is null ? "" : $"line {token.Line}:{token.Column}: ";
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }

    /// <summary>"Binder Error: x" → "x": the DuckDB error class is not part of what Athena says.</summary>
    private static string StripClass(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && colon < 40 ? message[(colon + 2)..] : message;
    }

    [GeneratedRegex("at or near \"([^\"]*)\"")]
    private static partial Regex NearToken();

    [GeneratedRegex("Referenced column \"([^\"]+)\" not found")]
    private static partial Regex ColumnNotFound();

    [GeneratedRegex("(?:Scalar|Aggregate|Table) Function with name \"?([A-Za-z0-9_]+)\"? does not exist")]
    private static partial Regex FunctionNotFound();
}
