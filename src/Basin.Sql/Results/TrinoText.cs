using System.Globalization;
using System.Text;
using Basin.DuckDb;
using Basin.DuckDb.Native;

namespace Basin.Sql.Results;

/// <summary>
/// Renders a DuckDB value as the text Athena returns for it (GetQueryResults' VarCharValue and the
/// result CSV): Java-style doubles, timestamps with milliseconds, decimals with their scale,
/// arrays as "[1, 2]", maps and rows as "{k=v}", varbinary as spaced hex.
/// </summary>
public static class TrinoText
{
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>The value at <paramref name="row"/>, or null for SQL NULL.</summary>
    public static string? Format(DuckDbVector vector, int row)
    {
        if (vector.IsNull(row)) return null;
        var sb = new StringBuilder();
        Append(sb, vector, row);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, DuckDbVector v, int row)
    {
        if (v.IsNull(row))
        {
            sb.Append("null");
            return;
        }

        var type = v.Type;
        var inv = CultureInfo.InvariantCulture;
        switch (type.Id)
        {
            case DuckDbTypeId.Boolean: sb.Append(v.ReadBoolean(row) ? "true" : "false"); break;
            case DuckDbTypeId.TinyInt: sb.Append(v.Read<sbyte>(row)); break;
            case DuckDbTypeId.SmallInt: sb.Append(v.Read<short>(row)); break;
            case DuckDbTypeId.Integer: sb.Append(v.Read<int>(row)); break;
            case DuckDbTypeId.BigInt: sb.Append(v.Read<long>(row)); break;
            case DuckDbTypeId.UTinyInt: sb.Append(v.Read<byte>(row)); break;
            case DuckDbTypeId.USmallInt: sb.Append(v.Read<ushort>(row)); break;
            case DuckDbTypeId.UInteger: sb.Append(v.Read<uint>(row)); break;
            case DuckDbTypeId.UBigInt: sb.Append(v.Read<ulong>(row)); break;
            case DuckDbTypeId.HugeInt: sb.Append(v.Read<Int128>(row).ToString(inv)); break;
            case DuckDbTypeId.UHugeInt: sb.Append(v.Read<UInt128>(row).ToString(inv)); break;
            case DuckDbTypeId.Float: sb.Append(JavaNumbers.Format(v.Read<float>(row))); break;
            case DuckDbTypeId.Double: sb.Append(JavaNumbers.Format(v.Read<double>(row))); break;
            case DuckDbTypeId.Decimal: AppendDecimal(sb, v, row); break;
            case DuckDbTypeId.Varchar: sb.Append(v.ReadString(row)); break;
            case DuckDbTypeId.Blob: AppendHex(sb, v.ReadBytes(row)); break;
            case DuckDbTypeId.Enum: sb.Append(type.EnumValues[EnumIndex(v, row)]); break;
            case DuckDbTypeId.Uuid: AppendUuid(sb, v.Read<UInt128>(row)); break;
            case DuckDbTypeId.Date: sb.Append(Epoch.AddDays(v.Read<int>(row)).ToString("yyyy-MM-dd", inv)); break;
            case DuckDbTypeId.Timestamp: AppendTimestamp(sb, v.Read<long>(row) * 10); break;
            case DuckDbTypeId.TimestampS: AppendTimestamp(sb, v.Read<long>(row) * TimeSpan.TicksPerSecond); break;
            case DuckDbTypeId.TimestampMs: AppendTimestamp(sb, v.Read<long>(row) * TimeSpan.TicksPerMillisecond); break;
            case DuckDbTypeId.TimestampNs: AppendTimestamp(sb, v.Read<long>(row) / 100); break;
            case DuckDbTypeId.TimestampTz:
                AppendTimestamp(sb, v.Read<long>(row) * 10);
                sb.Append(" UTC");
                break;
            case DuckDbTypeId.Time: sb.Append(new TimeSpan(v.Read<long>(row) * 10).ToString(@"hh\:mm\:ss\.fff", inv)); break;
            case DuckDbTypeId.Interval: AppendInterval(sb, v, row); break;
            case DuckDbTypeId.List:
            case DuckDbTypeId.Map:
                var (offset, length) = v.ListEntry(row);
                AppendElements(sb, v.ListChild(), offset, length, type.Id == DuckDbTypeId.Map);
                break;
            case DuckDbTypeId.Array:
                var size = (int)type.ArraySize;
                AppendElements(sb, v.ArrayChild(), row * size, size, map: false);
                break;
            case DuckDbTypeId.Struct:
                sb.Append('{');
                for (var i = 0; i < type.Fields.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(type.Fields[i].Name).Append('=');
                    Append(sb, v.StructField(i), row);
                }

                sb.Append('}');
                break;
            default:
                throw new SqlException("NOT_SUPPORTED", $"Results of type {type.Id} cannot be returned; cast the column to varchar.");
        }
    }

    private static void AppendElements(StringBuilder sb, DuckDbVector child, int offset, int length, bool map)
    {
        sb.Append(map ? '{' : '[');
        for (var i = 0; i < length; i++)
        {
            if (i > 0) sb.Append(", ");
            if (map)
            {
                Append(sb, child.StructField(0), offset + i);
                sb.Append('=');
                Append(sb, child.StructField(1), offset + i);
            }
            else
            {
                Append(sb, child, offset + i);
            }
        }

        sb.Append(map ? '}' : ']');
    }

    private static void AppendDecimal(StringBuilder sb, DuckDbVector v, int row)
    {
        Int128 unscaled = v.Type.Storage switch
        {
            DuckDbTypeId.SmallInt => v.Read<short>(row),
            DuckDbTypeId.Integer => v.Read<int>(row),
            DuckDbTypeId.BigInt => v.Read<long>(row),
            _ => v.Read<Int128>(row),
        };
        var scale = v.Type.Scale;
        var digits = Int128.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        if (unscaled < 0) sb.Append('-');
        sb.Append(digits, 0, digits.Length - scale);
        if (scale > 0) sb.Append('.').Append(digits, digits.Length - scale, scale);
    }

    private static void AppendTimestamp(StringBuilder sb, long ticksSinceEpoch) =>
        sb.Append(Epoch.AddTicks(ticksSinceEpoch).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));

    /// <summary>Trino's INTERVAL DAY TO SECOND text ("2 03:04:05.000"); months count as 30 days here.</summary>
    private static void AppendInterval(StringBuilder sb, DuckDbVector v, int row)
    {
        var months = v.Read<int>(row * 4);
        var days = v.Read<int>((row * 4) + 1);
        var micros = v.Read<long>((row * 2) + 1);
        var span = TimeSpan.FromDays((months * 30L) + days) + TimeSpan.FromTicks(micros * 10);
        if (span < TimeSpan.Zero)
        {
            sb.Append('-');
            span = span.Negate();
        }

        sb.Append(span.Days).Append(' ').Append(span.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture));
    }

    private static int EnumIndex(DuckDbVector v, int row) => v.Type.Storage switch
    {
        DuckDbTypeId.UTinyInt => v.Read<byte>(row),
        DuckDbTypeId.USmallInt => v.Read<ushort>(row),
        _ => (int)v.Read<uint>(row),
    };

    /// <summary>DuckDB stores a UUID as a hugeint with its top bit flipped (so it sorts as unsigned).</summary>
    private static void AppendUuid(StringBuilder sb, UInt128 stored)
    {
        var value = stored ^ (UInt128.One << 127);
        var hex = value.ToString("x32", CultureInfo.InvariantCulture);
        sb.Append(hex, 0, 8).Append('-').Append(hex, 8, 4).Append('-').Append(hex, 12, 4).Append('-').Append(hex, 16, 4).Append('-').Append(hex, 20, 12);
    }

    private static void AppendHex(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }
}
