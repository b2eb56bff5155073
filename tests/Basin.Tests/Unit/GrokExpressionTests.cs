using Basin.Sql.Hive;
using Basin.Sql.Hive.Grok;

namespace Basin.Tests.Unit;

/// <summary>Grok expressions compiled to .NET regular expressions, and Hive's string-literal escapes.</summary>
public sealed class GrokExpressionTests
{
    private static GrokExpression Compile(string grok, string? custom = null)
    {
        Assert.True(GrokExpression.TryCompile(grok, custom, null, out var expression, out var error), error);
        return expression!;
    }

    private static Dictionary<string, string?> Match(GrokExpression grok, string line)
    {
        var match = grok.Regex.Match(line);
        Assert.True(match.Success, $"{line} does not match {grok.Pattern}");
        return grok.Captures.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Select(c => match.Groups[c.Group]).FirstOrDefault(m => m.Success)?.Value);
    }

    [Theory]
    [InlineData("USERNAME")]
    [InlineData("BASE16FLOAT")]
    [InlineData("QUOTEDSTRING")]
    [InlineData("IPV6")]
    [InlineData("UNIXPATH")]
    [InlineData("WINPATH")]
    [InlineData("URI")]
    [InlineData("TIMESTAMP_ISO8601")]
    [InlineData("DATESTAMP_RFC2822")]
    [InlineData("DATESTAMP_EVENTLOG")]
    [InlineData("SYSLOGBASE")]
    [InlineData("MESSAGESLOG")]
    [InlineData("COMBINEDAPACHELOG")]
    [InlineData("COMMONAPACHELOG_DATATYPED")]
    [InlineData("LOGLEVEL")]
    public void Glues_built_in_patterns_compile(string name) => Compile("%{" + name + "}");

    [Fact]
    public void Combined_apache_log_captures_its_fields()
    {
        var fields = Match(Compile("%{COMBINEDAPACHELOG}"),
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://example.com/start\" \"Mozilla/4.08\"");
        Assert.Equal("127.0.0.1", fields["clientip"]);
        Assert.Equal("frank", fields["auth"]);
        Assert.Equal("10/Oct/2000:13:55:36 -0700", fields["timestamp"]);
        Assert.Equal("GET", fields["verb"]);
        Assert.Equal("/apache_pb.gif", fields["request"]);
        Assert.Equal("1.0", fields["httpversion"]);
        Assert.Equal("2326", fields["bytes"]);
        Assert.Equal("\"Mozilla/4.08\"", fields["agent"]);
        Assert.DoesNotContain(Compile("%{COMBINEDAPACHELOG}").Captures, c => c.Name == "UNWANTED");
    }

    [Fact]
    public void Types_custom_patterns_and_raw_named_groups()
    {
        var grok = Compile("%{NUMBER:n:int} %{WORD:w:long} (?<raw>[a-z]+) %{LEVEL:level}", "LEVEL (DEBUG|INFO)\n# a comment\n");
        Assert.Equal(["n int", "w bigint", "raw string", "level string"], grok.Captures.Select(c => $"{c.Name} {c.Type}"));
        Assert.Equal("INFO", Match(grok, "12 x abc INFO")["level"]);
    }

    [Fact]
    public void Undefined_and_self_referencing_patterns_do_not_compile()
    {
        Assert.False(GrokExpression.TryCompile("%{NOPE:x}", null, null, out _, out var error));
        Assert.Contains("%{NOPE}", error, StringComparison.Ordinal);
        Assert.False(GrokExpression.TryCompile("%{LOOP}", "LOOP a%{LOOP}", null, out _, out error));
        Assert.Contains("nest", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\t", "\t")]
    [InlineData(@"\\s+", @"\s+")]
    [InlineData(@"\[x\]", "[x]")]
    [InlineData(@"it\'s", "it's")]
    [InlineData(@"\u0041\101", "AA")]
    [InlineData(@"50\%", @"50\%")]
    public void Hive_string_escapes(string body, string value) => Assert.Equal(value, HiveStringLiteral.Unescape(body));

    [Theory]
    [InlineData("^(?!#)([^ ]+)\\s+\\[x\\]$")]
    [InlineData("it's\ta\nb 50\\% \u0001")]
    public void Hive_literals_read_back_what_was_escaped(string value) => Assert.Equal(value, HiveStringLiteral.Unescape(HiveStringLiteral.Escape(value)));
}
