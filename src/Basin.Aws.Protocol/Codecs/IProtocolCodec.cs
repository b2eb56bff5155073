namespace Basin.Aws.Protocol.Codecs;

/// <summary>One AWS wire protocol: reads typed inputs from requests and writes outputs and errors.</summary>
public interface IProtocolCodec
{
    /// <summary>Reads the operation's typed input (a generated request type), or null if it has none.</summary>
    Task<object?> ReadInputAsync(AwsRequest request);

    Task WriteOutputAsync(AwsRequest request, object? output);

    Task WriteErrorAsync(AwsRequest request, AwsServiceException error);
}
