using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>A failure DuckDB reported, with its error class (binder, parser, conversion, interrupt, ...).</summary>
public sealed class DuckDbException(string message, DuckDbErrorType errorType) : Exception(message)
{
    public DuckDbErrorType ErrorType { get; } = errorType;
}
