using System.Security.Cryptography;
using System.Text;
using Basin.Services.Kinesis;

namespace Basin.Tests.Unit;

/// <summary>The managed MD5 that routes partition keys agrees with the platform's on every length around block edges.</summary>
public sealed class Md5Tests
{
    [Fact]
    public void Matches_the_platform_md5_for_all_lengths_up_to_300_bytes()
    {
        var random = new Random(42);
        Span<byte> digest = stackalloc byte[16];
        for (var length = 0; length <= 300; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            Md5.Hash(message, digest);
            Assert.Equal(MD5.HashData(message), digest.ToArray());
        }
    }

    [Fact]
    public void Matches_the_rfc_1321_test_suite()
    {
        Span<byte> digest = stackalloc byte[16];
        foreach (var (text, hex) in new[] { ("", "d41d8cd98f00b204e9800998ecf8427e"), ("abc", "900150983cd24fb0d6963f7d28e17f72"), ("message digest", "f96b697d7cb7938d525a2f31aaf161d0") })
        {
            Md5.Hash(Encoding.ASCII.GetBytes(text), digest);
            Assert.Equal(hex, Convert.ToHexStringLower(digest));
        }
    }
}
