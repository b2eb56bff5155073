using System.Security.Cryptography;
using Basin.Storage.S3;
using Basin.Storage.S3.Encryption;

namespace Basin.Tests.S3;

/// <summary>
/// Encrypted data files in the S3 store: the bytes on disk are not the object's, any range
/// decrypts on its own (including across keystream-chunk and write-buffer boundaries), and a
/// customer-key file opens with that key only.
/// </summary>
public sealed class EncryptedDataFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "basin-sse-" + Guid.NewGuid().ToString("N"));
    private readonly S3Store _store;

    public EncryptedDataFileTests() => _store = new S3Store(_root);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_vault_sealed_object_reads_back_whole_and_in_any_range_and_is_not_on_disk_in_plaintext()
    {
        var data = RandomNumberGenerator.GetBytes(700_001);
        var (number, material) = _store.Keys.Resolve("test-key");
        var dataKey = DataKeys.New();
        var record = await PutAsync(data, new FileEncryption(dataKey, DataKeys.Seal(dataKey, number, material)));

        var onDisk = await File.ReadAllBytesAsync(_store.FullPath(record.DataPath));
        Assert.Equal(data.Length + 80, onDisk.Length);
        Assert.False(onDisk.AsSpan(80, 4096).SequenceEqual(data.AsSpan(0, 4096)));
        Assert.Equal(data, await ReadAsync(record, 0, data.Length));
        foreach (var (offset, length) in new[] { (0L, 1L), (15L, 2L), (65_535L, 3L), (65_536L, 65_537L), (262_143L, 300_000L), (699_990L, 11L) })
        {
            Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), await ReadAsync(record, offset, length));
        }
    }

    [Fact]
    public async Task A_large_object_copies_out_through_the_read_ahead_whole_and_in_ranges()
    {
        // Several 1 MiB read-ahead chunks, and ranges that start and end inside them.
        var data = RandomNumberGenerator.GetBytes((3 * 1024 * 1024) + 12_345);
        var (number, material) = _store.Keys.Resolve("test-key");
        var dataKey = DataKeys.New();
        var record = await PutAsync(data, new FileEncryption(dataKey, DataKeys.Seal(dataKey, number, material)));
        Assert.Equal(data, await ReadAsync(record, 0, data.Length));
        foreach (var (offset, length) in new[] { (1L, 2L * 1024 * 1024), (1_048_575L, 1_048_578L), (3L * 1024 * 1024, 12_345L) })
        {
            Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), await ReadAsync(record, offset, length));
        }
    }

    [Fact]
    public async Task A_copy_to_a_failing_destination_fails_with_its_error()
    {
        var data = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var dataKey = DataKeys.New();
        var (number, material) = _store.Keys.Resolve("test-key");
        var record = await PutAsync(data, new FileEncryption(dataKey, DataKeys.Seal(dataKey, number, material)));
        await using var body = _store.OpenRead(record)!;
        await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(new FailingAfter(2 * 1024 * 1024)));
    }

    /// <summary>A destination that breaks, as a client's connection does, after some bytes.</summary>
    private sealed class FailingAfter(long limit) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Length + buffer.Length > limit ? throw new IOException("connection reset") : base.WriteAsync(buffer, cancellationToken);
    }

    [Fact]
    public async Task The_data_is_standard_aes_256_ctr_under_the_data_key_and_the_header_nonce()
    {
        // Checked against the library's AES, block by block: counter block i is nonce || i, big-endian.
        var data = RandomNumberGenerator.GetBytes(5000);
        var dataKey = DataKeys.New();
        var (number, material) = _store.Keys.Resolve("test-key");
        var record = await PutAsync(data, new FileEncryption(dataKey, DataKeys.Seal(dataKey, number, material)));
        var file = await File.ReadAllBytesAsync(_store.FullPath(record.DataPath));
        using var aes = Aes.Create();
        aes.Key = dataKey;
        var counters = new byte[(data.Length + 15) / 16 * 16];
        for (var i = 0; i < counters.Length / 16; i++)
        {
            file.AsSpan(68, 8).CopyTo(counters.AsSpan(i * 16));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), (ulong)i);
        }

        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        var expected = data.Select((b, i) => (byte)(b ^ keystream[i])).ToArray();
        Assert.Equal(expected, file[80..]);
    }

    [Fact]
    public async Task A_customer_key_file_opens_with_that_key_only()
    {
        var customerKey = RandomNumberGenerator.GetBytes(32);
        var dataKey = DataKeys.New();
        var record = await PutAsync("secret"u8.ToArray(), new FileEncryption(dataKey, DataKeys.Seal(dataKey, DataKeys.CustomerKey, customerKey)));

        Assert.True(_store.OpensWith(record, customerKey));
        Assert.False(_store.OpensWith(record, RandomNumberGenerator.GetBytes(32)));
        Assert.False(_store.OpensWith(record, RandomNumberGenerator.GetBytes(16)));
        Assert.Throws<CryptographicException>(() => _store.OpenRead(record));
        await using var body = _store.OpenRead(record, customerKey: customerKey)!;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        Assert.Equal("secret"u8.ToArray(), copy.ToArray());
    }

    [Fact]
    public void A_sealed_key_opens_under_its_own_key_encryption_key_only()
    {
        var dataKey = DataKeys.New();
        var kek = RandomNumberGenerator.GetBytes(32);
        var sealedKey = DataKeys.Seal(dataKey, 7, kek);
        Assert.Equal(7u, DataKeys.VaultNumber(sealedKey));
        Assert.Equal(dataKey, DataKeys.Unseal(sealedKey, kek));
        Assert.Null(DataKeys.Unseal(sealedKey, RandomNumberGenerator.GetBytes(32)));
        sealedKey[^1] ^= 1;
        Assert.Null(DataKeys.Unseal(sealedKey, kek));
    }

    private async Task<ObjectRecord> PutAsync(byte[] data, FileEncryption encryption)
    {
        await _store.CreateBucketAsync(new BucketRecord("b", "000000000000", "us-east-1", DateTimeOffset.UtcNow));
        var staged = await _store.WriteObjectDataAsync("b", "k", new MemoryStream(data), [], CancellationToken.None, encryption);
        Assert.Equal(MD5.HashData(data), staged.Md5);
        var record = ObjectRecord.Blank("b", "k", DateTimeOffset.UtcNow, "000000000000") with { ETag = "e", Encryption = new EncryptionState { Algorithm = "AES256" } };
        return await _store.PutObjectAsync(record, staged);
    }

    private async Task<byte[]> ReadAsync(ObjectRecord record, long offset, long length)
    {
        await using var body = _store.OpenRead(record, offset, length)!;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, 10_000);
        return copy.ToArray();
    }
}
