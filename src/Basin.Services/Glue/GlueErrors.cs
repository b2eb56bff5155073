using Basin.Aws.Protocol;

namespace Basin.Services.Glue;

/// <summary>Glue's errors (AlreadyExistsException, EntityNotFoundException, InvalidInputException), with AWS's messages.</summary>
public static class GlueErrors
{
    public static AwsServiceException DatabaseNotFound(string name) => new("EntityNotFoundException", $"Database {name} not found.");

    public static AwsServiceException TableNotFound(string name) => new("EntityNotFoundException", $"Table {name} not found.");

    public static AwsServiceException AlreadyExists(string what) => new("AlreadyExistsException", $"{what} already exists.");

    public static AwsServiceException InvalidInput(string message) => new("InvalidInputException", message);
}
