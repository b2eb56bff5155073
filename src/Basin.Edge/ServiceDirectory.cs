using System.Text.Json;
using Basin.Aws.Model;
using Basin.Aws.Protocol.Model;
using Basin.Aws.Protocol.Services;

namespace Basin.Edge;

/// <summary>
/// Every covered service: its routing keys (signing name, X-Amz-Target prefix), its API model
/// (loaded on first use, which keeps start-up fast) and the operations Basin implements.
/// </summary>
public sealed class ServiceDirectory
{
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _bySigningName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byTargetPrefix = new(StringComparer.Ordinal);

    public ServiceDirectory(IEnumerable<IAwsService> implementations)
    {
        var services = implementations.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var name in EmbeddedSpecs.ServiceNames)
        {
            var entry = new Entry(name, services.GetValueOrDefault(name));
            _byName[name] = entry;

            // S3 Control signs as s3: the service named like the signing name keeps it, and
            // RequestRouter tells the other apart by its path.
            if (!_bySigningName.TryGetValue(entry.SigningName, out var signer) || signer.Name != signer.SigningName) _bySigningName[entry.SigningName] = entry;
            if (entry.TargetPrefix is not null) _byTargetPrefix[entry.TargetPrefix] = entry;
        }

        foreach (var name in services.Keys.Where(n => !_byName.ContainsKey(n)))
        {
            throw new InvalidOperationException($"Service {name} has no API model under specs/.");
        }
    }

    public IEnumerable<Entry> All => _byName.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public Entry? ByName(string name) => _byName.GetValueOrDefault(name);

    public Entry? BySigningName(string signingName) => _bySigningName.GetValueOrDefault(signingName);

    public Entry? ByTargetPrefix(string prefix) => _byTargetPrefix.GetValueOrDefault(prefix);

    /// <summary>Loads every implemented service's model now, so the first request pays nothing.</summary>
    public void WarmUp()
    {
        foreach (var e in _byName.Values.Where(e => e.Implementation is not null)) _ = e.Operations;
    }

    public sealed class Entry
    {
        private readonly Lazy<OperationTable> _operations;

        internal Entry(string name, IAwsService? implementation)
        {
            Name = name;
            Implementation = implementation;

            // Only the metadata is needed to route; the full model loads lazily.
            using var stream = EmbeddedSpecs.Open(name);
            using var doc = JsonDocument.Parse(stream);
            var meta = doc.RootElement.GetProperty("metadata");
            string? Meta(string key) => meta.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            SigningName = Meta("signingName") ?? Meta("endpointPrefix")!;
            TargetPrefix = Meta("targetPrefix");
            Protocol = Meta("protocol")!;
            _operations = new Lazy<OperationTable>(() =>
            {
                var table = new OperationTable(ServiceModel.Load(name));
                implementation?.Register(table);
                return table;
            });
        }

        public string Name { get; }
        public string SigningName { get; }
        public string? TargetPrefix { get; }
        public string Protocol { get; }
        public IAwsService? Implementation { get; }
        public OperationTable Operations => _operations.Value;
        public ServiceModel Model => _operations.Value.Model;
    }
}
