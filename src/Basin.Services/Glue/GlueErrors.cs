using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;

namespace Basin.Services.Glue;

/// <summary>Glue's errors (AlreadyExistsException, EntityNotFoundException, InvalidInputException), with AWS's messages.</summary>
public static class GlueErrors
{
    public static AwsServiceException DatabaseNotFound(string name) => new("EntityNotFoundException", $"Database {name} not found.");

    public static AwsServiceException TableNotFound(string name) => new("EntityNotFoundException", $"Table {name} not found.");

    public static AwsServiceException AlreadyExists(string what) => new("AlreadyExistsException", $"{what} already exists.");

    public static AwsServiceException InvalidInput(string message) => new("InvalidInputException", message);

    /// <summary>An error as the batch operations report it per entry instead of failing the call.</summary>
    public static ErrorDetail Detail(AwsServiceException error) => new() { ErrorCode = error.Code, ErrorMessage = error.Message };
}
