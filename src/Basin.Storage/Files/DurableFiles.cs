using System.Runtime.InteropServices;

namespace Basin.Storage.Files;

/// <summary>
/// The durability primitives every acknowledged write uses: data fsynced before it is published,
/// publication by atomic rename, and the directory fsynced so the rename survives a crash.
/// </summary>
public static class DurableFiles
{
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fd = NativeMethods.Open(directory, NativeMethods.ORdOnly | (OperatingSystem.IsLinux() ? NativeMethods.ODirectory : 0));
        if (fd < 0) throw new IOException($"Cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (NativeMethods.Fsync(fd) != 0) throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>Moves a fsynced temp file into place (creating parent directories) and makes the move durable.</summary>
    public static void Publish(string tempPath, string finalPath)
    {
        var dir = Path.GetDirectoryName(finalPath)!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var created = CreateDirectoryDurably(dir);
                File.Move(tempPath, finalPath, overwrite: true);
                FsyncDirectory(dir);
                if (created is not null) FsyncDirectory(Path.GetDirectoryName(created)!);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
                // A concurrent delete pruned an empty parent between our create and move; retry.
            }
        }
    }

    /// <summary>Creates a directory chain; returns the topmost directory created (null if it existed).</summary>
    public static string? CreateDirectoryDurably(string dir)
    {
        if (Directory.Exists(dir)) return null;
        string? topmost = null;
        var current = dir;
        while (!Directory.Exists(current))
        {
            topmost = current;
            current = Path.GetDirectoryName(current)!;
        }

        Directory.CreateDirectory(dir);

        // Each new directory's entry lives in its parent: fsync the chain bottom-up.
        for (var d = dir; d != current; d = Path.GetDirectoryName(d)!) FsyncDirectory(d);
        return topmost;
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
