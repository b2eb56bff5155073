using System.Text.Json;
using Basin.Aws.Protocol.Auth;

namespace Basin.Hosting;

/// <summary>
/// The access keys Basin accepts under <c>--auth sigv4</c> (and uses to verify presigned URLs in
/// any mode), kept in <c>&lt;data-dir&gt;/config/credentials.json</c>. Created on first start with
/// the conventional local pair <c>test</c>/<c>test</c> in account 000000000000.
/// </summary>
public sealed class KeyTable : ICredentialStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Dictionary<string, AccessKey> _keys;

    private KeyTable(IEnumerable<AccessKey> keys) => _keys = keys.ToDictionary(k => k.AccessKeyId, StringComparer.Ordinal);

    public string? Path { get; private init; }

    public static KeyTable Load(string configDir)
    {
        var path = System.IO.Path.Combine(configDir, "credentials.json");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(configDir);
            var defaults = new List<AccessKey> { new("test", "test", "000000000000", "root") };
            File.WriteAllText(path, JsonSerializer.Serialize(defaults, Json));
        }

        var keys = JsonSerializer.Deserialize<List<AccessKey>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no key list.");
        return new KeyTable(keys) { Path = path };
    }

    public AccessKey? Find(string accessKeyId) => _keys.GetValueOrDefault(accessKeyId);
}
