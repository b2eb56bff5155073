using Basin.Sql;

namespace Basin.Services.Athena;

/// <summary>
/// AthenaError.ErrorType for a failure, from Athena's error catalog: 1000 user error, 1001 data
/// error, 1003 DDL task failed; 200 engine-internal for system failures.
/// </summary>
public static class AthenaErrorTypes
{
    public static int For(SqlException error)
    {
        if (!error.IsUserError) return 200;
        if (error.Message.StartsWith("FAILED:", StringComparison.Ordinal)) return 1003;
        return error.ErrorName switch
        {
            "INVALID_CAST_ARGUMENT" or "NUMERIC_VALUE_OUT_OF_RANGE" or "DIVISION_BY_ZERO" or "HIVE_BAD_DATA" or "HIVE_CURSOR_ERROR" => 1001,
            _ => 1000,
        };
    }
}
