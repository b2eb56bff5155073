using Basin.Hosting;

namespace Basin.Tests.Unit;

public class CoverageDocTests
{
    [Fact]
    public void Committed_coverage_table_matches_the_code()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "coverage.md"));
        Assert.True(committed == CoverageReport.Render(), "docs/coverage.md is stale: run ./basin coverage --out docs/coverage.md");
    }

    private static string RepoRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Basin.slnx"))) return dir;
        }

        throw new DirectoryNotFoundException("Basin.slnx not found above the test output.");
    }
}
