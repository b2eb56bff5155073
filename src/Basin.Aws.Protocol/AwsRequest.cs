using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol;

/// <summary>Who signed a request: the access key and the account it maps to.</summary>
public sealed record CallerIdentity(string AccessKeyId, string AccountId, string Arn, string UserId)
{
    public static CallerIdentity Anonymous { get; } = new(string.Empty, "000000000000", "anonymous", "anonymous");

    public bool IsAnonymous => AccessKeyId.Length == 0;
}

/// <summary>
/// One AWS API call as the edge resolved it: the operation, the caller, the decoded body and
/// labels. Services read it for what the typed input does not carry (caller account, region,
/// request id) and may set a status code where AWS varies it (S3's 206 for ranges).
/// </summary>
public sealed class AwsRequest
{
    public required HttpContext Http { get; init; }
    public required string RequestId { get; init; }
    public required ServiceModel Service { get; init; }
    public required OperationModel Operation { get; init; }
    public required string Region { get; init; }
    public CallerIdentity Caller { get; set; } = CallerIdentity.Anonymous;

    /// <summary>Decoded URI labels (e.g. Bucket, Key) from the operation's URI template.</summary>
    public IReadOnlyDictionary<string, string> UriLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The bucket the Host header named (virtual-hosted-style S3), which SigV2 signs as part of the path.</summary>
    public string? VirtualHostedBucket { get; init; }

    /// <summary>The request payload with any aws-chunked framing removed and signatures verified.</summary>
    public required Stream Body { get; set; }

    /// <summary>Trailing headers of an aws-chunked body (flexible checksums); complete once Body is read to its end.</summary>
    public IDictionary<string, string> Trailers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Decoded payload length the client declared (x-amz-decoded-content-length or Content-Length).</summary>
    public long? DeclaredLength { get; set; }

    /// <summary>
    /// Events of an operation whose output is an event stream (SubscribeToShard): the handler sets
    /// this and the codec writes them as they come.
    /// </summary>
    public IAsyncEnumerable<object>? EventStream { get; set; }

    /// <summary>Overrides the operation's modelled status code for this response.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The request body as read whole by the codec (documents, small payloads); null for streamed bodies.</summary>
    public ReadOnlyMemory<byte>? BufferedBody { get; set; }

    /// <summary>
    /// For a REST-XML output whose flattened lists interleave in the document (S3
    /// ListObjectVersions: Version and DeleteMarker elements in key order), the member each item
    /// belongs to, in document order; the lists' items are written in that order.
    /// </summary>
    public IReadOnlyList<string>? XmlListOrder { get; set; }

    public bool IsHead => HttpMethods.IsHead(Http.Request.Method);
}
