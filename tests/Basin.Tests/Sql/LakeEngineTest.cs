using Basin.Sql;

namespace Basin.Tests.Sql;

/// <summary>A real DuckDB engine sandboxed to a fresh temporary lake directory, for tests that write lake files and query them.</summary>
public abstract class LakeEngineTest : IDisposable
{
    protected LakeEngineTest()
    {
        Lake = Directory.CreateTempSubdirectory("basin-lake-").FullName;
        Engine = new SqlEngine(new SqlEngineOptions { AllowedDirectories = [Lake], TempDirectory = Path.Combine(Lake, ".tmp") });
    }

    protected string Lake { get; }

    protected SqlEngine Engine { get; }

    public void Dispose()
    {
        Engine.Dispose();
        Directory.Delete(Lake, recursive: true);
        GC.SuppressFinalize(this);
    }
}
