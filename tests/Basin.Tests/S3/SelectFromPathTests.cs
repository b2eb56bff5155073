using Basin.Aws.Protocol;
using Basin.Services.S3.Select;

namespace Basin.Tests.S3;

/// <summary>S3 Select's FROM path form read out of an expression: the engine's JSON path, and the row's name as the alias.</summary>
public sealed class SelectFromPathTests
{
    [Theory]
    [InlineData("SELECT b.title FROM S3Object[*].books[*] b WHERE b.price > 1", "$.\"books\"[*]", true, "b", "SELECT b.title FROM S3Object AS \"b\" WHERE b.price > 1")]
    [InlineData("select price from s3object[*].books[*].price", "$.\"books\"[*].\"price\"", true, "price", "select price FROM S3Object AS \"price\"")]
    [InlineData("SELECT _1 FROM S3Object[*].a[2].* LIMIT 3", "$.\"a\"[2].*", true, "_1", "SELECT _1 FROM S3Object AS \"_1\" LIMIT 3")]
    [InlineData("SELECT x.c FROM S3Object[*]['odd name'].\"b\"\"q\" AS x", null, false, null, null)]
    [InlineData("SELECT r.id FROM S3Object[ * ] . rules [ 0 ] AS r", "$.\"rules\"[0]", false, "r", "SELECT r.id FROM S3Object AS \"r\"")]
    [InlineData("SELECT * FROM S3Object[*] s", null, false, "s", "SELECT * FROM S3Object AS \"s\"")]
    public void The_path_and_the_row_name_are_read(string expression, string? jsonPath, bool wildcard, string? rowName, string? rewritten)
    {
        if (rowName is null)
        {
            // A double quote inside a name cannot be written in the engine's JSON path.
            Assert.Equal("UnsupportedSyntax", Assert.Throws<AwsServiceException>(() => SelectFromPath.Find(expression)).Code);
            return;
        }

        var from = SelectFromPath.Find(expression)!;
        Assert.Equal(jsonPath, from.JsonPath);
        Assert.Equal(wildcard, from.Wildcard);
        Assert.Equal(rowName, from.RowName);
        Assert.Equal(rewritten, from.Expression);
    }

    [Theory]
    [InlineData("SELECT * FROM S3Object")]
    [InlineData("SELECT s.a FROM S3Object s WHERE s.a > 1")]
    public void A_plain_from_clause_has_no_path(string expression) => Assert.Null(SelectFromPath.Find(expression));
}
