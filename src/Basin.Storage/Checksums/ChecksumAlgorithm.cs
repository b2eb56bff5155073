namespace Basin.Storage.Checksums;

/// <summary>The S3 flexible-checksum algorithms (x-amz-checksum-*), plus MD5 for ETags and Content-MD5.</summary>
public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
    Md5,
}

public static class ChecksumAlgorithms
{
    /// <summary>The algorithms a client may name in x-amz-checksum-algorithm / x-amz-sdk-checksum-algorithm.</summary>
    public static readonly IReadOnlyList<ChecksumAlgorithm> Flexible =
        [ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256];

    public static string WireName(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => "MD5",
    };

    public static ChecksumAlgorithm? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        "CRC32" => ChecksumAlgorithm.Crc32,
        "CRC32C" => ChecksumAlgorithm.Crc32C,
        "CRC64NVME" => ChecksumAlgorithm.Crc64Nvme,
        "SHA1" => ChecksumAlgorithm.Sha1,
        "SHA256" => ChecksumAlgorithm.Sha256,
        _ => null,
    };

    /// <summary>The header carrying the checksum value, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public static string HeaderName(this ChecksumAlgorithm algorithm) => "x-amz-checksum-" + algorithm.WireName().ToLowerInvariant();
}
