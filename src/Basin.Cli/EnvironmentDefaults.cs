using System.Globalization;

namespace Basin.Cli;

/// <summary>Option defaults from BASIN_* environment variables, so CI and containers need no flags.</summary>
internal static class EnvironmentDefaults
{
    public static string String(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;

    public static int Int(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
