using Basin.Storage.S3;

namespace Basin.Tests.Unit;

public class ObjectPathTests
{
    [Fact]
    public void Hive_partitions_stay_real_directories()
    {
        var path = ObjectPaths.For("lake", "sales/year=2024/month=01/part-0.parquet", "abc");
        Assert.Equal("lake/sales/year=2024/month=01/~abc~part-0.parquet", path);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("./x/./y")]
    [InlineData("a//b")]
    [InlineData("~/home")]
    [InlineData("/leading")]
    public void No_key_escapes_its_bucket(string key)
    {
        var path = ObjectPaths.For("b", key, "id");
        var root = Path.GetFullPath("/data/objects");
        var full = Path.GetFullPath(Path.Combine(root, path));
        Assert.StartsWith(root + "/b/", full, StringComparison.Ordinal);
        Assert.DoesNotContain("/../", "/" + path + "/", StringComparison.Ordinal);
        Assert.DoesNotContain("//", path, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_and_deep_keys_fit_a_filesystem()
    {
        var longName = new string('x', 1000);
        Assert.All(ObjectPaths.For("b", longName, "id").Split('/'), s => Assert.True(s.Length <= 255));
        var deep = string.Concat(Enumerable.Repeat("/", 1000));
        Assert.True(ObjectPaths.For("b", deep, "id").Length < 4096);
    }

    [Fact]
    public void An_object_and_a_prefix_of_the_same_name_coexist() =>
        Assert.NotEqual(Path.GetDirectoryName(ObjectPaths.For("b", "a/b", "1")), ObjectPaths.For("b", "a", "2"));
}
