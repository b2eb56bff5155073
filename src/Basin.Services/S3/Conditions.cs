namespace Basin.Services.S3;

/// <summary>
/// Conditional request headers as S3 evaluates them (RFC 7232 with S3's documented precedence):
/// If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over
/// If-Modified-Since true (both give 304). A failed If-Match/If-Unmodified-Since is 412.
/// </summary>
public static class Conditions
{
    public static void Check(string etag, DateTimeOffset lastModified, string? ifMatch, string? ifNoneMatch, DateTimeOffset? ifModifiedSince, DateTimeOffset? ifUnmodifiedSince, bool copySource = false)
    {
        // HTTP dates have one-second resolution.
        var modified = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        var prefix = copySource ? "x-amz-copy-source-" : string.Empty;
        if (ifMatch is not null)
        {
            if (!Matches(ifMatch, etag)) throw S3Errors.PreconditionFailed(prefix + "If-Match");
        }
        else if (ifUnmodifiedSince is { } since && modified > since)
        {
            throw S3Errors.PreconditionFailed(prefix + "If-Unmodified-Since");
        }

        if (ifNoneMatch is not null)
        {
            if (Matches(ifNoneMatch, etag)) throw copySource ? S3Errors.PreconditionFailed(prefix + "If-None-Match") : S3Errors.NotModified();
        }
        else if (ifModifiedSince is { } since && modified <= since)
        {
            throw copySource ? S3Errors.PreconditionFailed(prefix + "If-Modified-Since") : S3Errors.NotModified();
        }
    }

    /// <summary>An entity-tag list matches if any tag (quoted or not, or *) equals the object's.</summary>
    public static bool Matches(string header, string etag) =>
        header.Split(',').Select(t => t.Trim().TrimStart('W', '/').Trim('"')).Any(t => t == "*" || t == etag);
}
