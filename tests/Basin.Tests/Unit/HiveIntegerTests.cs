using System.Text;
using Basin.DuckDb;

namespace Basin.Tests.Unit;

/// <summary>Integers in text as Hive's LazySimpleSerDe reads them (LazyLong), written out from its rules.</summary>
public sealed class HiveIntegerTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("+5", 5L)]
    [InlineData("007", 7L)]
    [InlineData("4.9", 4L)]
    [InlineData("-4.9", -4L)]
    [InlineData("4.", 4L)]
    [InlineData(".5", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("", null)]
    [InlineData("-", null)]
    [InlineData("+", null)]
    [InlineData(" 4", null)]
    [InlineData("4 ", null)]
    [InlineData("1e3", null)]
    [InlineData("0x10", null)]
    [InlineData("1_000", null)]
    [InlineData("4.5x", null)]
    [InlineData("1.2.3", null)]
    [InlineData("9223372036854775808", null)]
    [InlineData("-9223372036854775809", null)]
    public void Reads_as_hive_does(string text, long? expected) => Assert.Equal(expected, HiveIntegerFunction.Parse(Encoding.ASCII.GetBytes(text)));
}
