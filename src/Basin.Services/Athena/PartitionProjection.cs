using System.Globalization;
using System.Text.RegularExpressions;
using Basin.Aws.Model.Glue;
using Basin.Sql;
using Basin.Sql.Lake;

namespace Basin.Services.Athena;

/// <summary>
/// Athena partition projection: with table property <c>projection.enabled=true</c>, a table's
/// partitions are computed from its <c>projection.&lt;key&gt;.*</c> properties instead of read from
/// the catalog. Basin supports these projection types:
/// <list type="bullet">
/// <item><c>enum</c>: <c>values</c>.</item>
/// <item><c>integer</c>: <c>range</c>, <c>interval</c>, <c>digits</c>.</item>
/// <item><c>date</c>: <c>range</c> with NOW±N UNITS, <c>format</c>, <c>interval</c>,
/// <c>interval.unit</c>.</item>
/// <item><c>injected</c>: the values the query's WHERE clause equates the key with
/// (<see cref="Sql.Trino.InjectedValues"/>).</item>
/// </list>
/// Each partition is read at <c>storage.location.template</c> with <c>${key}</c> filled in, or at
/// LOCATION/key=value/. The usual pruning then keeps only the partitions the WHERE clause allows.
/// </summary>
public static partial class PartitionProjection
{
    /// <summary>Athena's limit on the partitions one projected table may produce.</summary>
    public const int MaxPartitions = 1_000_000;

    public static bool IsEnabled(Table table) =>
        table.Parameters?.GetValueOrDefault("projection.enabled") is { } enabled && enabled.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The partition keys projected as <c>injected</c>, whose values each query supplies.</summary>
    public static List<string> InjectedKeys(Table table) =>
        [.. table.PartitionKeys!.Select(k => k.Name!).Where(k => string.Equals(table.Parameters!.GetValueOrDefault($"projection.{k}.type")?.Trim(), "injected", StringComparison.OrdinalIgnoreCase))];

    /// <param name="injected">The values the query gives the injected keys (none when the table has none).</param>
    public static List<LakePartition> Partitions(Table table, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? injected = null)
    {
        var properties = table.Parameters!;
        var keys = table.PartitionKeys!.Select(k => k.Name!).ToList();
        var values = keys.Select(k => injected?.GetValueOrDefault(k) is { } given ? [.. given] : Values(table.Name!, k, properties, now)).ToList();
        var count = values.Aggregate(1L, (n, v) => n * v.Count);
        if (count > MaxPartitions)
        {
            throw new SqlException("HIVE_EXCEEDED_PARTITION_LIMIT", $"Partition projection of table {table.Name} would produce {count} partitions; Athena's limit is {MaxPartitions}");
        }

        var template = properties.GetValueOrDefault("storage.location.template");
        var location = (table.StorageDescriptor?.Location ?? string.Empty).TrimEnd('/') + "/";
        var partitions = new List<LakePartition>((int)count);
        foreach (var combination in Combinations(values))
        {
            var at = template is null
                ? location + string.Concat(keys.Select((k, i) => $"{k}={combination[i]}/"))
                : keys.Select((k, i) => (k, i)).Aggregate(template, (t, p) => t.Replace("${" + p.k + "}", combination[p.i], StringComparison.Ordinal));
            partitions.Add(new LakePartition(combination, at));
        }

        return partitions;
    }

    private static List<string> Values(string table, string key, IReadOnlyDictionary<string, string> properties, DateTimeOffset now)
    {
        string? Property(string name) => properties.GetValueOrDefault($"projection.{key}.{name}");
        SqlException Invalid(string detail) => new("HIVE_METASTORE_ERROR", $"Table {table} has an invalid projection for partition column {key}: {detail}");
        return Property("type")?.ToLowerInvariant() switch
        {
            "enum" => [.. (Property("values") ?? throw Invalid("projection.{key}.values is required")).Split(',').Select(v => v.Trim())],
            "integer" => IntegerValues(Property("range") ?? throw Invalid("range is required"), Property("interval"), Property("digits"), Invalid),
            "date" => DateValues(Property("range") ?? throw Invalid("range is required"), Property("format") ?? throw Invalid("format is required"), Property("interval"), Property("interval.unit"), now, Invalid),
            "injected" => throw new InvalidOperationException($"The injected column {key} of {table} takes its values from the query."),
            var other => throw Invalid($"unknown projection type '{other}'"),
        };
    }

    private static List<string> IntegerValues(string range, string? interval, string? digits, Func<string, SqlException> invalid)
    {
        var bounds = range.Split(',');
        if (bounds.Length != 2 || !long.TryParse(bounds[0].Trim(), CultureInfo.InvariantCulture, out var low) || !long.TryParse(bounds[1].Trim(), CultureInfo.InvariantCulture, out var high))
        {
            throw invalid($"range '{range}' is not two integers");
        }

        var step = interval is null ? 1 : long.TryParse(interval, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw invalid($"interval '{interval}' is not a positive integer");
        var width = digits is null ? 0 : int.TryParse(digits, CultureInfo.InvariantCulture, out var d) ? d : throw invalid($"digits '{digits}' is not an integer");
        var list = new List<string>();
        for (var v = low; v <= high && list.Count <= MaxPartitions; v += step) list.Add(v.ToString(new string('0', Math.Max(width, 1)), CultureInfo.InvariantCulture));
        return list;
    }

    private static List<string> DateValues(string range, string format, string? interval, string? unit, DateTimeOffset now, Func<string, SqlException> invalid)
    {
        var bounds = range.Split(',');
        if (bounds.Length != 2) throw invalid($"range '{range}' is not two dates");
        var start = DateBound(bounds[0].Trim(), format, now, invalid);
        var end = DateBound(bounds[1].Trim(), format, now, invalid);
        var step = interval is null ? 1 : int.TryParse(interval, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw invalid($"interval '{interval}' is not a positive integer");
        var stepUnit = (unit ?? (format.Contains('s', StringComparison.Ordinal) ? "SECONDS" : format.Contains('m', StringComparison.Ordinal) ? "MINUTES" : format.Contains('H', StringComparison.Ordinal) ? "HOURS" : "DAYS")).ToUpperInvariant();
        var list = new List<string>();
        for (var d = start; d <= end && list.Count <= MaxPartitions; d = Add(d, stepUnit, step, invalid)) list.Add(d.ToString(format, CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>A date in the projection's format, or NOW with an optional offset (NOW-3YEARS, NOW+1DAYS).</summary>
    private static DateTime DateBound(string text, string format, DateTimeOffset now, Func<string, SqlException> invalid)
    {
        if (RelativePattern().Match(text) is { Success: true } relative)
        {
            var current = now.UtcDateTime;
            if (!relative.Groups["amount"].Success) return current;
            var amount = int.Parse(relative.Groups["amount"].Value, CultureInfo.InvariantCulture) * (relative.Groups["sign"].Value == "-" ? -1 : 1);
            return Add(current, relative.Groups["unit"].Value.ToUpperInvariant(), amount, invalid);
        }

        return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw invalid($"'{text}' does not match format '{format}'");
    }

    private static DateTime Add(DateTime date, string unit, int amount, Func<string, SqlException> invalid) => unit.TrimEnd('S') switch
    {
        "YEAR" => date.AddYears(amount),
        "MONTH" => date.AddMonths(amount),
        "WEEK" => date.AddDays(7 * amount),
        "DAY" => date.AddDays(amount),
        "HOUR" => date.AddHours(amount),
        "MINUTE" => date.AddMinutes(amount),
        "SECOND" => date.AddSeconds(amount),
        _ => throw invalid($"unknown interval unit '{unit}'"),
    };

    private static IEnumerable<List<string>> Combinations(List<List<string>> values)
    {
        IEnumerable<List<string>> result = [[]];
        foreach (var column in values) result = result.SelectMany(prefix => column.Select(v => new List<string>(prefix) { v }));
        return result;
    }

    [GeneratedRegex("^NOW(?:(?<sign>[+-])(?<amount>\\d+)(?<unit>YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?$", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex RelativePattern();
}
