using Basin.DuckDb;

namespace Basin.Sql.Results;

/// <summary>A result column: its label and its type in Trino's terms (name, precision, scale).</summary>
public sealed record ResultColumn(string Name, DuckDbType Type)
{
    public string TrinoType => TrinoTypes.Name(Type);
}
