namespace Basin.Aws.Protocol;

/// <summary>Errors every AWS service can answer with (see "Common Errors" in each API reference).</summary>
public static class CommonErrors
{
    public static AwsServiceException NotImplemented(string service, string operation) =>
        new("NotImplemented", $"{operation} is part of the {service} API but not implemented by Basin yet.", 501, senderFault: false);

    public static AwsServiceException UnknownOperation(string service) =>
        new("UnknownOperationException", $"The requested operation is not recognized by the {service} service.", 400);

    public static AwsServiceException Serialization(string message) =>
        new("SerializationException", message, 400);

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}.", 400);

    public static AwsServiceException Internal() => new();
}
