using System.Text;
using Basin.Storage.Checksums;

namespace Basin.Tests.Unit;

public class ChecksumTests
{
    private static readonly byte[] Check = Encoding.ASCII.GetBytes("123456789");

    // Check values from the CRC catalogue (CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME).
    [Fact]
    public void Crc32_matches_catalogue() => Assert.Equal(0xCBF43926u, Crc.Crc32(0, Check));

    [Fact]
    public void Crc32C_matches_catalogue() => Assert.Equal(0xE3069283u, Crc.Crc32C(0, Check));

    [Fact]
    public void Crc64Nvme_matches_catalogue() => Assert.Equal(0xAE8B14860A799888ul, Crc.Crc64Nvme(0, Check));

    [Fact]
    public void Crcs_are_incremental()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, twice over.");
        Assert.Equal(Crc.Crc32(0, data), Crc.Crc32(Crc.Crc32(0, data.AsSpan(0, 13)), data.AsSpan(13)));
        Assert.Equal(Crc.Crc32C(0, data), Crc.Crc32C(Crc.Crc32C(0, data.AsSpan(0, 13)), data.AsSpan(13)));
        Assert.Equal(Crc.Crc64Nvme(0, data), Crc.Crc64Nvme(Crc.Crc64Nvme(0, data.AsSpan(0, 13)), data.AsSpan(13)));
    }

    [Fact]
    public void Checksum_set_gives_s3_base64_big_endian_values()
    {
        using var set = new ChecksumSet([ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Sha256]);
        set.Append("hello"u8);
        var (md5, values) = set.Complete();
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", Convert.ToHexStringLower(md5));
        Assert.Equal("NhCmhg==", values[ChecksumAlgorithm.Crc32]);
        Assert.Equal("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", values[ChecksumAlgorithm.Sha256]);
    }
}
