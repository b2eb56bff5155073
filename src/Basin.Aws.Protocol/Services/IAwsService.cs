namespace Basin.Aws.Protocol.Services;

/// <summary>
/// An AWS service Basin implements. Its name is botocore's (<c>s3</c>, <c>kinesis</c>); it registers
/// a typed handler per implemented operation. Operations it leaves out answer NotImplemented.
/// </summary>
public interface IAwsService
{
    string Name { get; }

    void Register(OperationTable operations);
}
