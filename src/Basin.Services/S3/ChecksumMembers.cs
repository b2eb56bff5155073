using System.Collections.Concurrent;
using System.Reflection;
using Basin.Storage.Checksums;

namespace Basin.Services.S3;

/// <summary>
/// The Checksum{CRC32,CRC32C,CRC64NVME,SHA1,SHA256} members appear on many S3 request and response
/// shapes; this reads and fills them on any of those types by name, instead of repeating five
/// assignments per operation.
/// </summary>
public static class ChecksumMembers
{
    private static readonly ConcurrentDictionary<Type, (ChecksumAlgorithm Algorithm, PropertyInfo Property)[]> Properties = new();

    /// <summary>Checksums the client sent as members (headers or XML), by algorithm.</summary>
    public static Dictionary<ChecksumAlgorithm, string> Read(object shape)
    {
        var result = new Dictionary<ChecksumAlgorithm, string>();
        foreach (var (algorithm, property) in Of(shape.GetType()))
        {
            if (property.GetValue(shape) is string { Length: > 0 } value) result[algorithm] = value;
        }

        return result;
    }

    /// <summary>Sets the members for the given values (keyed by wire name, e.g. CRC32).</summary>
    public static void Write(object shape, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (algorithm, property) in Of(shape.GetType()))
        {
            if (values.TryGetValue(algorithm.WireName(), out var value)) property.SetValue(shape, value);
        }
    }

    private static (ChecksumAlgorithm, PropertyInfo)[] Of(Type type) => Properties.GetOrAdd(type, t =>
        [.. ChecksumAlgorithms.Flexible
            .Select(a => (a, t.GetProperty("Checksum" + a.WireName())))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.a, p.Item2!))]);
}
