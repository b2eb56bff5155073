using System.Runtime.InteropServices;

namespace Basin.Storage.Files;

/// <summary>
/// The durability primitives acknowledged writes rely on. Data is written without a per-file
/// fsync; a group commit then calls <see cref="FlushFileSystem"/> once for every file and
/// directory entry written since the last one, before the index rows that reference them
/// commit. One device flush thus covers a whole batch of concurrent writes. (syncfs flushes the
/// whole filesystem holding the data directory, so unrelated dirty data on it is flushed too.)
/// </summary>
public static class DurableFiles
{
    /// <summary>Makes every write to the filesystem holding <paramref name="path"/> durable (Linux syncfs).</summary>
    public static void FlushFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Basin's durable writes need Linux syncfs(2).");
        }

        Sync(path, NativeMethods.Syncfs, "syncfs");
    }

    /// <summary>
    /// Makes the entries of <paramref name="directory"/> (files created or removed in it) durable;
    /// fsync of a file alone does not persist its name.
    /// </summary>
    public static void FlushDirectory(string directory) => Sync(directory, NativeMethods.Fsync, "fsync");

    /// <summary>Opens <paramref name="path"/> read-only (files and directories alike) and runs a sync call on its descriptor.</summary>
    private static void Sync(string path, Func<int, int> call, string name)
    {
        var fd = NativeMethods.Open(path, NativeMethods.ORdOnly);
        if (fd < 0) throw new IOException($"Cannot open {path} for {name} (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (call(fd) != 0) throw new IOException($"{name} of {path} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>Creates a file's parent directories, retrying if a concurrent prune removed one meanwhile.</summary>
    public static FileStream CreateNew(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
                // A concurrent delete pruned an empty parent between our create and open; retry.
            }
        }
    }

    /// <summary>Deletes a file and prunes parent directories that became empty, up to (not including) root.</summary>
    public static void DeleteAndPrune(string path, string root)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > root.Length && dir.StartsWith(root, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                return; // not empty (or raced with a writer): stop pruning
            }
        }
    }
}
