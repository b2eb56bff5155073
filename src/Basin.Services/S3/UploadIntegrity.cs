using Basin.Aws.Protocol;
using Basin.Storage.Checksums;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// Integrity checks on uploaded bytes: Content-MD5 and the flexible checksums a client declares
/// in headers, or in an aws-chunked trailer (named up front by x-amz-trailer). Each declared
/// algorithm is computed while the body streams and compared once it has arrived.
/// </summary>
public static class UploadIntegrity
{
    /// <summary>The algorithms to compute for this upload.</summary>
    public static List<ChecksumAlgorithm> Algorithms(AwsRequest request, Dictionary<ChecksumAlgorithm, string> provided, string? checksumAlgorithm, string? uploadAlgorithm = null)
    {
        var result = new List<ChecksumAlgorithm>(provided.Keys);
        foreach (var name in new[] { checksumAlgorithm, uploadAlgorithm })
        {
            if (name is null) continue;
            result.Add(ChecksumAlgorithms.Parse(name) ?? throw S3Errors.InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"));
        }

        var trailer = request.Http.Request.Headers["x-amz-trailer"].ToString();
        if (trailer.Length > 0)
        {
            var algorithm = ChecksumAlgorithms.Flexible.FirstOrDefault(a => string.Equals(a.HeaderName(), trailer.Trim(), StringComparison.OrdinalIgnoreCase), (ChecksumAlgorithm)(-1));
            if ((int)algorithm < 0) throw S3Errors.InvalidRequest($"The value specified in the x-amz-trailer header is not supported: {trailer}");
            result.Add(algorithm);
        }

        return [.. result.Distinct()];
    }

    /// <summary>Validates a Content-MD5 header before any bytes are read.</summary>
    public static byte[]? ParseContentMd5(string? contentMd5)
    {
        if (contentMd5 is null) return null;
        Span<byte> md5 = stackalloc byte[16];
        return Convert.TryFromBase64String(contentMd5, md5, out var n) && n == 16 ? md5.ToArray() : throw S3Errors.InvalidDigest();
    }

    /// <summary>Compares what arrived with what the client declared; throws BadDigest on a mismatch.</summary>
    public static void Verify(AwsRequest request, StagedData staged, byte[]? contentMd5, Dictionary<ChecksumAlgorithm, string> provided)
    {
        if (request.DeclaredLength is { } declared && declared != staged.Size)
        {
            throw new AwsServiceException("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
        }

        if (contentMd5 is not null && !contentMd5.AsSpan().SequenceEqual(staged.Md5)) throw S3Errors.BadDigest("Content-MD5");
        foreach (var (algorithm, value) in provided.Concat(Trailed(request)))
        {
            if (!staged.Checksums.TryGetValue(algorithm.WireName(), out var actual) || actual != value)
            {
                throw S3Errors.BadDigest(algorithm.WireName());
            }
        }
    }

    /// <summary>
    /// The integrity of a request document (a configuration body, DeleteObjects): Content-MD5 and
    /// any flexible checksum sent in a header or trailer must match (BadDigest), and an operation
    /// the model marks as requiring one must carry one of them (InvalidRequest).
    /// </summary>
    public static void VerifyDocument(AwsRequest request)
    {
        // Object bodies (PutObject, UploadPart) are checked as they stream, by Verify.
        if (request.Operation.Input is { Payload: { } payload } input && input.Member(payload) is { IsStreamingBlob: true }) return;
        if (request.BufferedBody is not { } body)
        {
            if (request.Operation.RequestChecksumRequired && !request.Http.Request.Headers.ContainsKey("Content-MD5") && !ChecksumAlgorithms.Flexible.Any(a => request.Http.Request.Headers.ContainsKey(a.HeaderName())))
            {
                throw S3Errors.InvalidRequest("Missing required header for this request: Content-MD5");
            }

            return;
        }

        var headers = request.Http.Request.Headers;
        var contentMd5 = ParseContentMd5(headers.ContentMD5.Count > 0 ? headers.ContentMD5.ToString() : null);
        var declared = ChecksumAlgorithms.Flexible
            .Select(a => (Algorithm: a, Value: headers[a.HeaderName()].ToString()))
            .Where(d => d.Value.Length > 0)
            .Concat(Trailed(request).Select(t => (Algorithm: t.Key, t.Value)))
            .ToList();
        if (contentMd5 is null && declared.Count == 0)
        {
            if (request.Operation.RequestChecksumRequired) throw S3Errors.InvalidRequest("Missing required header for this request: Content-MD5");
            return;
        }

        using var set = new ChecksumSet(declared.Select(d => d.Algorithm));
        set.Append(body.Span);
        var (md5, values) = set.Complete();
        if (contentMd5 is not null && !contentMd5.AsSpan().SequenceEqual(md5)) throw S3Errors.BadDigest("Content-MD5");
        foreach (var (algorithm, value) in declared)
        {
            if (values.GetValueOrDefault(algorithm) != value) throw S3Errors.BadDigest(algorithm.WireName());
        }
    }

    private static IEnumerable<KeyValuePair<ChecksumAlgorithm, string>> Trailed(AwsRequest request)
    {
        foreach (var algorithm in ChecksumAlgorithms.Flexible)
        {
            if (request.Trailers.TryGetValue(algorithm.HeaderName(), out var value)) yield return new(algorithm, value);
        }
    }
}
