using Basin.Aws.Model.Glue;
using Basin.Services.Athena;
using Basin.Sql;

namespace Basin.Tests.Unit;

/// <summary>Athena partition projection: integer, enum and date ranges, NOW-relative bounds, location templates, Athena's errors.</summary>
public sealed class PartitionProjectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 13, 30, 0, TimeSpan.Zero);

    private static Table Projected(Dictionary<string, string> properties, params string[] keys) => new()
    {
        Name = "t",
        PartitionKeys = [.. keys.Select(k => new Column { Name = k, Type = "string" })],
        StorageDescriptor = new StorageDescriptor { Location = "s3://lake/t" },
        Parameters = new Dictionary<string, string>(properties) { ["projection.enabled"] = "true" },
    };

    [Fact]
    public void Integer_ranges_step_and_pad_and_combine_with_enums()
    {
        var table = Projected(new()
        {
            ["projection.shard.type"] = "integer",
            ["projection.shard.range"] = "0,20",
            ["projection.shard.interval"] = "10",
            ["projection.shard.digits"] = "3",
            ["projection.kind.type"] = "enum",
            ["projection.kind.values"] = "a, b",
        }, "shard", "kind");
        var partitions = PartitionProjection.Partitions(table, Now);
        Assert.Equal(["000/a", "000/b", "010/a", "010/b", "020/a", "020/b"], partitions.Select(p => string.Join('/', p.Values)));
        Assert.Equal("s3://lake/t/shard=010/kind=b/", partitions[3].Location);
    }

    [Fact]
    public void Date_ranges_run_to_now_in_the_format_and_unit_given()
    {
        var table = Projected(new()
        {
            ["projection.hour.type"] = "date",
            ["projection.hour.format"] = "yyyy/MM/dd/HH",
            ["projection.hour.range"] = "NOW-3HOURS,NOW",
            ["storage.location.template"] = "s3://lake/raw/${hour}/",
        }, "hour");
        var partitions = PartitionProjection.Partitions(table, Now);
        Assert.Equal(["2026/11/21/10", "2026/11/21/11", "2026/11/21/12", "2026/11/21/13"], partitions.Select(p => p.Values[0]));
        Assert.Equal("s3://lake/raw/2026/11/21/13/", partitions[^1].Location);
    }

    [Fact]
    public void Injected_keys_take_the_values_the_query_gives()
    {
        var table = Projected(new() { ["projection.id.type"] = "injected", ["projection.r.type"] = "enum", ["projection.r.values"] = "eu,us" }, "id", "r");
        var partitions = PartitionProjection.Partitions(table, Now, new Dictionary<string, IReadOnlyList<string>> { ["id"] = ["a", "b"] });
        Assert.Equal([["a", "eu"], ["a", "us"], ["b", "eu"], ["b", "us"]], partitions.Select(p => p.Values.ToArray()));
    }

    [Fact]
    public void Bad_or_unsupported_projections_fail_the_query()
    {
        Assert.Equal("HIVE_METASTORE_ERROR", Assert.Throws<SqlException>(() => PartitionProjection.Partitions(Projected(new() { ["projection.d.type"] = "date", ["projection.d.format"] = "yyyy-MM-dd", ["projection.d.range"] = "2024/01/01,NOW" }, "d"), Now)).ErrorName);
        Assert.Equal(["id"], PartitionProjection.InjectedKeys(Projected(new() { ["projection.id.type"] = " Injected " }, "id")));
        Assert.Equal("HIVE_EXCEEDED_PARTITION_LIMIT", Assert.Throws<SqlException>(() => PartitionProjection.Partitions(Projected(new()
        {
            ["projection.a.type"] = "integer",
            ["projection.a.range"] = "1,2000",
            ["projection.b.type"] = "integer",
            ["projection.b.range"] = "1,2000",
        }, "a", "b"), Now)).ErrorName);
    }
}
