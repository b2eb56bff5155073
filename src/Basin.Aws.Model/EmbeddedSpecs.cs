using System.Reflection;

namespace Basin.Aws.Model;

/// <summary>Access to the API models in specs/, embedded in this assembly at build time.</summary>
public static class EmbeddedSpecs
{
    public static IEnumerable<string> ServiceNames =>
        typeof(EmbeddedSpecs).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("specs/", StringComparison.Ordinal))
            .Select(n => n["specs/".Length..^".json".Length]);

    public static Stream Open(string serviceName) =>
        typeof(EmbeddedSpecs).Assembly.GetManifestResourceStream($"specs/{serviceName}.json")
        ?? throw new ArgumentException($"No API model for service '{serviceName}'.", nameof(serviceName));

    /// <summary>Generated operation table of a service, e.g. <c>S3Operations.All</c>.</summary>
    public static IReadOnlyDictionary<string, OperationTypes> OperationTypesOf(string serviceName)
    {
        var ns = string.Concat(serviceName.Split('-', '_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var type = typeof(EmbeddedSpecs).Assembly.GetType($"Basin.Aws.Model.{ns}.{ns}Operations")
            ?? throw new ArgumentException($"No generated types for service '{serviceName}'.", nameof(serviceName));
        return (IReadOnlyDictionary<string, OperationTypes>)type.GetField("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
