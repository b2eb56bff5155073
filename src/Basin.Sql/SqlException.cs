namespace Basin.Sql;

/// <summary>
/// A query failure in Athena's terms: Trino's error name (COLUMN_NOT_FOUND, TABLE_NOT_FOUND,
/// SYNTAX_ERROR, ...) and a message that already carries "line L:C: " when a position is known.
/// <see cref="IsUserError"/> decides AthenaError's category (user vs. system).
/// </summary>
public sealed class SqlException(string errorName, string message, bool isUserError = true) : Exception(message)
{
    public string ErrorName { get; } = errorName;

    public bool IsUserError { get; } = isUserError;

    /// <summary>The text Athena shows as StateChangeReason, e.g. "TABLE_NOT_FOUND: line 1:15: Table '...' does not exist".</summary>
    public string Reason => ErrorName + ": " + Message;
}
