using System.Security.Cryptography;
using System.Text.Json;

namespace Basin.Storage.Keys;

/// <summary>
/// Basin-managed encryption keys, standing in for KMS keys until a KMS API exists: a KeyId (ARN,
/// alias or id) gets 256-bit key material on first use. Each key also gets a small stable number,
/// which encrypted data records instead of the id. Kept in <c>keys/keys.json</c> (owner-only),
/// written atomically; material never leaves Basin.
/// </summary>
public sealed class KeyVault
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries;

    public KeyVault(string dir)
    {
        Directory.CreateDirectory(dir);
        _path = Path.Combine(dir, "keys.json");
        _entries = File.Exists(_path) ? JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(_path)) ?? [] : [];
    }

    /// <summary>The number and material of a key, creating the key on first use.</summary>
    public (uint Number, byte[] Material) Resolve(string keyId)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => e.Id == keyId);
            if (entry is null)
            {
                entry = new Entry(keyId, (uint)_entries.Count + 1, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                _entries.Add(entry);
                Save();
            }

            return (entry.Number, Convert.FromBase64String(entry.Material));
        }
    }

    /// <summary>The material of a key by its number (as stored with encrypted data).</summary>
    public byte[] Material(uint number)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => e.Number == number) ?? throw new CryptographicException($"Encryption key #{number} is not in the key vault.");
            return Convert.FromBase64String(entry.Material);
        }
    }

    private void Save()
    {
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            JsonSerializer.Serialize(file, _entries, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
        Files.DurableFiles.FlushFileSystem(_path);
    }

    private sealed record Entry(string Id, uint Number, string Material);
}
