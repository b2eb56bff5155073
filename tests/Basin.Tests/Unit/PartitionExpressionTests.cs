using Basin.Aws.Protocol;
using Basin.Services.Glue;

namespace Basin.Tests.Unit;

public class PartitionExpressionTests
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase) { ["year"] = "int", ["month"] = "string", ["day"] = "date" };

    private static bool Matches(string expression, string year, string month, string day = "2024-01-15") =>
        PartitionExpression.Parse(expression, Keys).Matches(new Dictionary<string, string> { ["year"] = year, ["month"] = month, ["day"] = day });

    [Theory]
    [InlineData("year = 2024", true)]
    [InlineData("year = '2024'", true)]
    [InlineData("year > 999", true)] // integers compare numerically, not as strings
    [InlineData("year < 10000", true)]
    [InlineData("month = '02'", true)]
    [InlineData("month <> '02'", false)]
    [InlineData("month != '03'", true)]
    [InlineData("year = 2024 AND month >= '02'", true)]
    [InlineData("year = 2023 OR month = '02'", true)]
    [InlineData("NOT (year = 2024)", false)]
    [InlineData("year BETWEEN 2020 AND 2024", true)]
    [InlineData("year NOT BETWEEN 2020 AND 2024", false)]
    [InlineData("month IN ('01', '02')", true)]
    [InlineData("month NOT IN ('01', '02')", false)]
    [InlineData("month LIKE '0%'", true)]
    [InlineData("month LIKE '_3'", false)]
    [InlineData("day >= '2024-01-10' AND day < '2024-02-01'", true)]
    [InlineData("(year = 2023 OR year = 2024) AND month = '02'", true)]
    [InlineData("YEAR = 2024 and Month = '02'", true)]
    [InlineData("", true)]
    public void Evaluates_predicates(string expression, bool expected) => Assert.Equal(expected, Matches(expression, "2024", "02"));

    [Theory]
    [InlineData("colour = 'red'")]
    [InlineData("year = ")]
    [InlineData("year = 2024 AND")]
    [InlineData("month = 'unterminated")]
    [InlineData("year ~ 3")]
    [InlineData("(year = 2024")]
    public void Invalid_expressions_are_invalid_input(string expression) =>
        Assert.Equal("InvalidInputException", Assert.Throws<AwsServiceException>(() => PartitionExpression.Parse(expression, Keys)).Code);
}
