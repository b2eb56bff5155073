using Basin.Aws.Protocol.Model;

namespace Basin.Edge;

/// <summary>
/// The operation a request addresses, with its URI labels and, for virtual-hosted-style S3,
/// the bucket the Host header named.
/// </summary>
public sealed record ResolvedOperation(ServiceDirectory.Entry Service, OperationModel Operation, IReadOnlyDictionary<string, string> Labels, string? VirtualHostedBucket = null);
