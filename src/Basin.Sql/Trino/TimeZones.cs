using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino's timestamp with time zone in a named zone (<c>x AT TIME ZONE 'zone'</c>,
/// <c>with_timezone(x, 'zone')</c>). DuckDB's TIMESTAMPTZ carries no zone, so such a value is
/// held as its local time in the zone: what hour(), date_format() and a cast to timestamp read
/// in Trino. A result column that is one of them shows the zone after the local time and is
/// typed timestamp with time zone (<see cref="ColumnZones"/>). A zoned value converted again,
/// compared, or given to to_unixtime() is first turned back into its instant.
/// </summary>
public static class TimeZones
{
    private const string AtTimeZone = "trino_at_time_zone";
    private const string WithTimeZone = "trino_with_timezone";

    /// <summary>DuckDB parses <c>x AT TIME ZONE z</c> as timezone(z, x).</summary>
    public static JsonObject RewriteAtTimeZone(JsonArray args) => Function(AtTimeZone, false, Instant(args[1]!), Checked(args[0]!));

    public static JsonObject RewriteWithTimeZone(JsonArray args) => Function(WithTimeZone, false, Instant(args[0]!), Checked(args[1]!));

    /// <summary>The zone of each result column that is a zoned timestamp, by position.</summary>
    public static Dictionary<int, string> ColumnZones(JsonObject statement)
    {
        var zones = new Dictionary<int, string>();
        if (Type(statement) != "SELECT_NODE" || statement["select_list"] is not JsonArray list) return zones;
        for (var i = 0; i < list.Count; i++)
        {
            if (ZoneOf(list[i]) is { } zone) zones[i] = zone;
        }

        return zones;
    }

    /// <summary>Zoned values compare as the instants they stand for, as in Trino, not as local times.</summary>
    public static void CompareInstants(JsonObject comparison)
    {
        foreach (var side in new[] { "left", "right", "input", "lower", "upper" })
        {
            if (comparison[side] is JsonObject operand && ZoneOf(operand) is not null) comparison[side] = Instant(operand);
        }
    }

    /// <summary>to_unixtime() of a zoned value counts from its instant.</summary>
    public static void UnixTimeOfInstant(JsonObject function)
    {
        if (Children(function) is [JsonObject operand] && ZoneOf(operand) is not null) Children(function)[0] = Instant(operand);
    }

    private static string? ZoneOf(JsonNode? node) =>
        node is JsonObject f && Class(f) == "FUNCTION" && Text(f, "function_name") is AtTimeZone or WithTimeZone ? StringValue(Children(f)[1]) : null;

    /// <summary>A zoned value (local time in its zone) as the instant it stands for; anything else as it is.</summary>
    private static JsonObject Instant(JsonNode value) =>
        ZoneOf(value) is { } zone ? Function("timezone", false, StringConstant(zone), value.DeepClone()) : value.DeepClone().AsObject();

    /// <summary>A constant zone must be one the system knows (IANA names, UTC), as in Trino.</summary>
    private static JsonObject Checked(JsonNode zone)
    {
        if (StringValue(zone) is { } name && !TimeZoneInfo.TryFindSystemTimeZoneById(name, out _))
        {
            throw new SqlException("INVALID_FUNCTION_ARGUMENT", $"Time zone not supported: {name}");
        }

        return zone.DeepClone().AsObject();
    }
}
