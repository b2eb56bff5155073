namespace Basin.Aws.Protocol;

/// <summary>
/// An error an AWS service answers with: the code and HTTP status clients map to their typed
/// exceptions, a message, and extra fields some protocols put in the envelope (S3's
/// <c>BucketName</c>, <c>Key</c>, ...). Thrown anywhere below the edge; the edge writes it in the
/// protocol's error format.
/// </summary>
public class AwsServiceException : Exception
{
    public AwsServiceException(string code, string message, int statusCode = 400, bool senderFault = true)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
        SenderFault = senderFault;
    }

    public AwsServiceException()
        : this("InternalError", "We encountered an internal error. Please try again.", 500, senderFault: false)
    {
    }

    public AwsServiceException(string message)
        : this("InvalidRequest", message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
        StatusCode = 500;
    }

    public string Code { get; }
    public int StatusCode { get; }
    public bool SenderFault { get; }

    /// <summary>Extra envelope fields in the order they are written.</summary>
    public IList<KeyValuePair<string, string>> Fields { get; } = [];

    /// <summary>Response headers that go with the error (e.g. S3's <c>x-amz-delete-marker</c>).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public AwsServiceException With(string field, string value)
    {
        Fields.Add(new(field, value));
        return this;
    }
}
