using System.Reflection;
using System.Runtime.InteropServices;

namespace Basin.DuckDb.Native;

/// <summary>
/// Where libduckdb.so comes from: <c>BASIN_DUCKDB_LIBRARY</c> if set, else the copy the build puts
/// next to this assembly (see Basin.DuckDb.csproj), else the loader's own search.
/// </summary>
internal static class DuckDbLibrary
{
    public const string Name = "duckdb";

    private static int _registered;

    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(DuckDbLibrary).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Name) return IntPtr.Zero;
        var configured = Environment.GetEnvironmentVariable("BASIN_DUCKDB_LIBRARY");
        if (!string.IsNullOrEmpty(configured)) return NativeLibrary.Load(configured);
        var beside = Path.Combine(AppContext.BaseDirectory, "libduckdb.so");
        if (File.Exists(beside)) return NativeLibrary.Load(beside);
        return NativeLibrary.TryLoad("libduckdb.so", assembly, searchPath, out var handle) ? handle : IntPtr.Zero;
    }
}
