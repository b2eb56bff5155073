using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.DuckDb;

namespace Basin.Services.S3.Select;

/// <summary>S3 Select's error for what the engine reported: bad SQL, a failed CAST, or an object that does not parse in the declared format.</summary>
public static class SelectErrors
{
    public static AwsServiceException From(DuckDbException e, InputSerialization input)
    {
        var message = e.Message;
        if (message.StartsWith("Conversion Error", StringComparison.Ordinal))
        {
            return new AwsServiceException("CastFailed", "An attempt to convert from one data type to another using CAST failed in the SQL expression. " + message);
        }

        if (message.StartsWith("Binder Error", StringComparison.Ordinal) || message.StartsWith("Parser Error", StringComparison.Ordinal) || message.StartsWith("Catalog Error", StringComparison.Ordinal))
        {
            return SelectExpression.Unsupported(message);
        }

        return input.Parquet is not null ? new AwsServiceException("ParquetParsingError", "An error occurred while parsing the Parquet file. Check the file and try again. " + message)
            : input.JSON is not null ? new AwsServiceException("JSONParsingError", "An error occurred while parsing the JSON file. Check the file and try again. " + message)
            : new AwsServiceException("CSVParsingError", "An error occurred while parsing the CSV file. Check the file and try again. " + message);
    }
}
