using System.Text.Json.Nodes;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Codecs.Cbor;

namespace Basin.Tests.Unit;

public class CborTests
{
    // RFC 8949, Appendix A (examples of encoded CBOR data items).
    [Theory]
    [InlineData("00", "0")]
    [InlineData("17", "23")]
    [InlineData("1818", "24")]
    [InlineData("1903e8", "1000")]
    [InlineData("1b000000e8d4a51000", "1000000000000")]
    [InlineData("3863", "-100")]
    [InlineData("f93c00", "1")]
    [InlineData("fb3ff199999999999a", "1.1")]
    [InlineData("f4", "false")]
    [InlineData("f5", "true")]
    [InlineData("f6", "null")]
    [InlineData("6161", "\"a\"")]
    [InlineData("64f0908591", "\"\\uD800\\uDD51\"")]
    [InlineData("4401020304", "\"AQIDBA==\"")]
    [InlineData("83010203", "[1,2,3]")]
    [InlineData("a201020304", null)]
    [InlineData("a26161016162820203", "{\"a\":1,\"b\":[2,3]}")]
    [InlineData("bf61610161629f0203ffff", "{\"a\":1,\"b\":[2,3]}")]
    [InlineData("9f018202039f0405ffff", "[1,[2,3],[4,5]]")]
    [InlineData("5f42010243030405ff", "\"AQIDBAU=\"")]
    [InlineData("7f657374726561646d696e67ff", "\"streaming\"")]
    [InlineData("c11a514b67b0", "1363896240")]
    public void Decodes_rfc_8949_examples(string hex, string? json)
    {
        if (json is null)
        {
            // Integer map keys are valid CBOR but not a JSON-protocol document.
            Assert.Throws<AwsServiceException>(() => CborDecoder.Decode(Convert.FromHexString(hex)));
            return;
        }

        var decoded = CborDecoder.Decode(Convert.FromHexString(hex));
        Assert.Equal(JsonNode.Parse(json)?.ToJsonString() ?? "null", decoded?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1a0000")]
    [InlineData("bf6161")]
    [InlineData("0000")]
    public void Malformed_input_is_a_serialization_error(string hex) =>
        Assert.Equal("SerializationException", Assert.Throws<AwsServiceException>(() => CborDecoder.Decode(Convert.FromHexString(hex))).Code);
}
