using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Basin.Storage.Checksums;

/// <summary>Computes MD5 (always, for the ETag) and any requested flexible checksums over one stream of bytes.</summary>
public sealed class ChecksumSet : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha1;
    private readonly IncrementalHash? _sha256;
    private readonly bool _crc32;
    private readonly bool _crc32C;
    private readonly bool _crc64;
    private uint _crc32Value;
    private uint _crc32CValue;
    private ulong _crc64Value;

    public ChecksumSet(IEnumerable<ChecksumAlgorithm> algorithms)
    {
        foreach (var a in algorithms.Distinct())
        {
            switch (a)
            {
                case ChecksumAlgorithm.Crc32: _crc32 = true; break;
                case ChecksumAlgorithm.Crc32C: _crc32C = true; break;
                case ChecksumAlgorithm.Crc64Nvme: _crc64 = true; break;
                case ChecksumAlgorithm.Sha1: _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1); break;
                case ChecksumAlgorithm.Sha256: _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256); break;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _sha1?.AppendData(data);
        _sha256?.AppendData(data);
        if (_crc32) _crc32Value = Crc.Crc32(_crc32Value, data);
        if (_crc32C) _crc32CValue = Crc.Crc32C(_crc32CValue, data);
        if (_crc64) _crc64Value = Crc.Crc64Nvme(_crc64Value, data);
    }

    /// <summary>Final values: raw MD5 bytes, and base64 flexible checksums keyed by algorithm.</summary>
    public (byte[] Md5, Dictionary<ChecksumAlgorithm, string> Checksums) Complete()
    {
        var result = new Dictionary<ChecksumAlgorithm, string>();
        if (_crc32) result[ChecksumAlgorithm.Crc32] = Convert.ToBase64String(BigEndian32(_crc32Value));
        if (_crc32C) result[ChecksumAlgorithm.Crc32C] = Convert.ToBase64String(BigEndian32(_crc32CValue));
        if (_crc64)
        {
            var b = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(b, _crc64Value);
            result[ChecksumAlgorithm.Crc64Nvme] = Convert.ToBase64String(b);
        }

        if (_sha1 is not null) result[ChecksumAlgorithm.Sha1] = Convert.ToBase64String(_sha1.GetHashAndReset());
        if (_sha256 is not null) result[ChecksumAlgorithm.Sha256] = Convert.ToBase64String(_sha256.GetHashAndReset());
        return (_md5.GetHashAndReset(), result);
    }

    private static byte[] BigEndian32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    public void Dispose()
    {
        _md5.Dispose();
        _sha1?.Dispose();
        _sha256?.Dispose();
    }
}
