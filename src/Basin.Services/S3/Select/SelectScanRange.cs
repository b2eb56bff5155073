using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Select;

/// <summary>
/// S3 Select's ScanRange: the records whose first byte lies in [Start, End] (End inclusive; End
/// alone means the last End bytes), each read whole even past End, so ranges that tile an object
/// process every record exactly once. Only uncompressed CSV and JSON LINES objects can be split
/// this way, as in S3. A CSV header line stays the header whatever the range.
/// </summary>
public static class SelectScanRange
{
    /// <summary>The byte range [first, last] a request's ScanRange covers in an object of <paramref name="size"/> bytes.</summary>
    public static (long First, long Last) Resolve(ScanRange range, InputSerialization input, long size)
    {
        var splittable = (input.CompressionType ?? "NONE") == "NONE"
            && (input.CSV is { AllowQuotedRecordDelimiter: not true } || input.JSON is { Type: "LINES" });
        if (!splittable) throw new AwsServiceException("UnsupportedScanRangeInput", "Scan range queries are not supported on this type of object.");
        if (range.Start is < 0 || range.End is < 0 || (range.Start is { } s && range.End is { } e && s > e))
            throw new AwsServiceException("InvalidScanRange", "The provided scan range is not valid.");
        return (range.Start, range.End) switch
        {
            (null, { } last) => (Math.Max(0, size - last), size - 1),
            ({ } first, null) => (first, size - 1),
            ({ } first, { } last) => (first, Math.Min(last, size - 1)),
            _ => (0, size - 1),
        };
    }

    /// <summary>
    /// Copies the records of <paramref name="source"/> that start in [first, last] to <paramref name="target"/>,
    /// after the object's first line when <paramref name="keepHeader"/> (a CSV header); returns the bytes copied.
    /// Only the range (and the header) is read: the file is entered at <paramref name="first"/>.
    /// </summary>
    public static long Copy(string source, string target, long first, long last, byte delimiter, bool keepHeader)
    {
        using var input = new BufferedStream(File.OpenRead(source), 1 << 16);
        using var output = new BufferedStream(File.Create(target), 1 << 16);
        long copied = 0;
        var headerEnd = 0L;
        if (keepHeader)
        {
            copied = CopyRecord(input, output, delimiter);
            headerEnd = copied;
        }

        // The first record in range starts at `first` when the byte before it ends a record, else after the next delimiter.
        var position = Math.Max(first, headerEnd);
        if (position > 0 && position != headerEnd)
        {
            input.Position = position - 1;
            if (input.ReadByte() != delimiter) position += SkipRecord(input, delimiter);
        }

        input.Position = position;
        while (position <= last && input.Position < input.Length)
        {
            var length = CopyRecord(input, output, delimiter);
            copied += length;
            position += length;
        }

        return copied;
    }

    /// <summary>Copies one record, its delimiter included; returns its length.</summary>
    private static long CopyRecord(Stream input, Stream output, byte delimiter)
    {
        long length = 0;
        int b;
        while ((b = input.ReadByte()) >= 0)
        {
            output.WriteByte((byte)b);
            length++;
            if (b == delimiter) break;
        }

        return length;
    }

    /// <summary>Reads past the rest of a record, its delimiter included; returns how many bytes that was.</summary>
    private static long SkipRecord(Stream input, byte delimiter)
    {
        long length = 0;
        int b;
        while ((b = input.ReadByte()) >= 0)
        {
            length++;
            if (b == delimiter) break;
        }

        return length;
    }
}
