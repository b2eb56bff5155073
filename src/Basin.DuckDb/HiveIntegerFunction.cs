using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A scalar function VARCHAR → BIGINT that reads an integer as Hive's LazySimpleSerDe does
/// (LazyLong): an optional sign, digits, and optionally a decimal point followed by digits, which
/// are dropped (4.9 is 4); anything else — spaces, exponents, hex, digit separators — or a value
/// past BIGINT's range is NULL. DuckDB's casts accept all of those and round decimals, so text
/// fields would otherwise read differently from Athena.
/// </summary>
public static unsafe class HiveIntegerFunction
{
    /// <summary>Registers <paramref name="name"/>(VARCHAR) → BIGINT on the connection's database.</summary>
    public static void Register(DuckDbConnection connection, string name) =>
        ScalarFunctions.Register(connection, name, [DuckDbTypeId.Varchar], () => ScalarFunctions.Type(DuckDbTypeId.BigInt), &Execute);

    /// <summary>Hive's reading of <paramref name="text"/>, or null where Hive gives NULL.</summary>
    public static long? Parse(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return null;
        var negative = text[0] == '-';
        var at = negative || text[0] == '+' ? 1 : 0;
        if (at == 1 && text.Length == 1) return null;

        // Accumulated negatively, as Hive does, so that long.MinValue fits.
        long value = 0;
        for (; at < text.Length && text[at] != '.'; at++)
        {
            var digit = text[at] - '0';
            if ((uint)digit > 9 || value < (long.MinValue + digit) / 10) return null;
            value = (value * 10) - digit;
        }

        for (at++; at < text.Length; at++)
        {
            if ((uint)(text[at] - '0') > 9) return null;
        }

        return negative ? value : value == long.MinValue ? null : -value;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Execute(IntPtr info, IntPtr input, IntPtr output)
    {
        var rows = (int)ScalarFunctionNativeMethods.ChunkSize(input);
        var vector = ScalarFunctionNativeMethods.ChunkVector(input, 0);
        var data = ChunkNativeMethods.VectorGetData(vector);
        var validity = ChunkNativeMethods.VectorGetValidity(vector);
        var values = (long*)ChunkNativeMethods.VectorGetData(output);
        var nulls = new ScalarFunctions.NullMarker(output);
        for (var row = 0; row < rows; row++)
        {
            if (ScalarFunctions.IsValid(validity, row) && Parse(DuckDbVector.StringAt(data, row)) is { } value) values[row] = value;
            else nulls.SetNull(row);
        }
    }
}
