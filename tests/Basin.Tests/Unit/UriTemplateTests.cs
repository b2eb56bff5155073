using Basin.Aws.Protocol.Model;

namespace Basin.Tests.Unit;

public class UriTemplateTests
{
    [Theory]
    [InlineData("/{Bucket}/{Key+}", "/b/a/b/c.txt", "b", "a/b/c.txt")]
    [InlineData("/{Bucket}/{Key+}", "/b/a%20b/%E2%82%AC", "b", "a b/€")]
    [InlineData("/{Bucket}/{Key+}", "/b/a+b", "b", "a+b")]
    [InlineData("/{Bucket}/{Key+}", "/b//double", "b", "/double")]
    public void Greedy_labels_take_the_rest_decoded(string template, string path, string bucket, string key)
    {
        var labels = UriTemplate.Parse(template).Match(path);
        Assert.NotNull(labels);
        Assert.Equal(bucket, labels["Bucket"]);
        Assert.Equal(key, labels["Key"]);
    }

    [Theory]
    [InlineData("/{Bucket}", "/b/", true)]
    [InlineData("/{Bucket}", "/b", true)]
    [InlineData("/{Bucket}/{Key+}", "/b/", false)]
    [InlineData("/", "/", true)]
    [InlineData("/2015-03-31/functions/{FunctionName}", "/2015-03-31/functions/f", true)]
    [InlineData("/2015-03-31/functions/{FunctionName}", "/2015-03-31/layers/f", false)]
    [InlineData("/v20180820/accesspoint/{Name}/policy", "/v20180820/accesspoint", false)]
    [InlineData("/v20180820/accesspoint/{Name}/policy", "/v20180820/accesspoint/", false)]
    public void Matches_paths(string template, string path, bool matches) =>
        Assert.Equal(matches, UriTemplate.Parse(template).Match(path) is not null);

    [Fact]
    public void Query_literals_are_parsed()
    {
        var t = UriTemplate.Parse("/{Bucket}?select&select-type=2");
        Assert.Equal([new("select", null), new KeyValuePair<string, string?>("select-type", "2")], t.QueryLiterals);
    }
}
