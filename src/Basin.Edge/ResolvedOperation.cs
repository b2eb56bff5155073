using Basin.Aws.Protocol.Model;

namespace Basin.Edge;

/// <summary>The operation a request addresses, with its URI labels.</summary>
/// <param name="VirtualHostedBucket">The bucket named by the Host header (S3 virtual-hosted style), if any.</param>
public sealed record ResolvedOperation(ServiceDirectory.Entry Service, OperationModel Operation, IReadOnlyDictionary<string, string> Labels, string? VirtualHostedBucket = null);
