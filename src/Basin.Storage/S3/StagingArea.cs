using System.Buffers;
using Basin.Storage.Checksums;

namespace Basin.Storage.S3;

/// <summary>
/// Receives request bodies into staging files: hashed as they stream (MD5 for the ETag plus any
/// requested checksums) and fsynced before anything refers to them. Nothing here is visible to
/// readers; a crash leaves only staging files, which are cleared at start-up.
/// </summary>
public sealed class StagingArea
{
    private const int BufferSize = 256 * 1024;
    private readonly string _dir;

    public StagingArea(string dir)
    {
        _dir = dir;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }

    public async Task<StagedData> WriteAsync(Stream body, IEnumerable<ChecksumAlgorithm> checksums, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_dir, ObjectPaths.NewVersionId() + ObjectPaths.NewVersionId());
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hashes = new ChecksumSet(checksums);
        long size = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                int n;
                while ((n = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hashes.Append(buffer.AsSpan(0, n));
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    size += n;
                }

                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var (md5, values) = hashes.Complete();
        return new StagedData(path, size, md5, values.ToDictionary(kv => kv.Key.WireName(), kv => kv.Value, StringComparer.Ordinal));
    }

    /// <summary>Concatenates files into one staged file (multipart completion), hashed and fsynced.</summary>
    public async Task<StagedData> ConcatenateAsync(IEnumerable<string> parts, IEnumerable<ChecksumAlgorithm> checksums, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_dir, ObjectPaths.NewVersionId() + ObjectPaths.NewVersionId());
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hashes = new ChecksumSet(checksums);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            foreach (var part in parts)
            {
                await using var source = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                int n;
                while ((n = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hashes.Append(buffer.AsSpan(0, n));
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    size += n;
                }
            }

            file.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var (md5, values) = hashes.Complete();
        return new StagedData(path, size, md5, values.ToDictionary(kv => kv.Key.WireName(), kv => kv.Value, StringComparer.Ordinal));
    }

    public static void Discard(StagedData staged) => File.Delete(staged.TempPath);
}
