using System.Buffers;
using Basin.Storage.Checksums;
using Basin.Storage.Files;
using Basin.Storage.S3.Encryption;

namespace Basin.Storage.S3;

/// <summary>
/// Writes request bodies into data files at their final, never-reused paths, hashing them
/// (MD5 for the ETag plus any requested checksums) as they stream. Nothing is fsynced here: the
/// index commit that publishes a file flushes all files of its group first (see SqliteDatabase).
/// Until that commit, a file is unreferenced and invisible to every API. With a
/// <see cref="FileEncryption"/>, the bytes are hashed as plaintext and written encrypted
/// (<see cref="EncryptedDataFile"/>).
/// </summary>
internal static class DataFileWriter
{
    private const int BufferSize = 256 * 1024;

    public static async Task<(long Size, byte[] Md5, Dictionary<string, string> Checksums)> WriteAsync(
        string fullPath, IEnumerable<Stream> sources, IEnumerable<ChecksumAlgorithm> checksums, CancellationToken cancellationToken, FileEncryption? encryption = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hashes = new ChecksumSet(checksums);
        AesCtr? cipher = null;
        long size = 0;
        try
        {
            await using var file = DurableFiles.CreateNew(fullPath);
            if (encryption is not null)
            {
                var (header, nonce) = EncryptedDataFile.NewHeader(encryption);
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                cipher = new AesCtr(encryption.DataKey, nonce);
            }

            foreach (var source in sources)
            {
                int n;
                while ((n = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hashes.Append(buffer.AsSpan(0, n));
                    cipher?.Apply(buffer.AsSpan(0, n), size);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    size += n;
                }
            }
        }
        catch
        {
            File.Delete(fullPath);
            throw;
        }
        finally
        {
            cipher?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var (md5, values) = hashes.Complete();
        return (size, md5, values.ToDictionary(kv => kv.Key.WireName(), kv => kv.Value, StringComparer.Ordinal));
    }
}
