using Basin.Aws.Protocol.Model;

namespace Basin.Edge;

/// <summary>The operation a request addresses, with its URI labels.</summary>
public sealed record ResolvedOperation(ServiceDirectory.Entry Service, OperationModel Operation, IReadOnlyDictionary<string, string> Labels);
