using Basin.DuckDb;

namespace Basin.Sql.Results;

/// <summary>
/// A result column: its label and its type in Trino's terms (name, precision, scale). A column
/// with a <paramref name="Zone"/> holds local times in that zone: Trino's timestamp with time zone.
/// </summary>
public sealed record ResultColumn(string Name, DuckDbType Type, string? Zone = null)
{
    public string TrinoType => Zone is null ? TrinoTypes.Name(Type) : "timestamp with time zone";
}
