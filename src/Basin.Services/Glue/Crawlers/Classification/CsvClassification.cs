using Basin.Aws.Model.Glue;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// The CSV classifiers: Glue's built-in one (delimiters comma, pipe, tab, semicolon and Ctrl-A;
/// at least two columns and two rows; header by Glue's documented heuristics) and custom ones
/// (CreateClassifier CsvClassifier: delimiter, quote, header presence, explicit header).
/// </summary>
public static class CsvClassification
{
    /// <summary>AWS reads the first 1,000 records or the first megabyte, whichever comes first.</summary>
    public const int MaxRecords = 1000;

    private static readonly char[] BuiltInDelimiters = [',', '|', '\t', ';', '\u0001'];

    public static FileSchema? BuiltIn(string text, bool complete, string compression)
    {
        foreach (var delimiter in BuiltInDelimiters)
        {
            var parsed = CsvRecords.Read(text, delimiter, '"', MaxRecords, complete);
            if (!Consistent(parsed.Records, minColumns: 2)) continue;
            return Build(parsed, delimiter, '"', header: DetectHeader(parsed.Records, trim: true), names: null, trim: true, compression);
        }

        return null;
    }

    public static FileSchema? Custom(CsvClassifier classifier, string text, bool complete, string compression)
    {
        var delimiter = classifier.Delimiter is { Length: 1 } d ? d[0] : ',';
        var quote = classifier.QuoteSymbol is { Length: 1 } q ? q[0] : '"';
        var parsed = CsvRecords.Read(text, delimiter, quote, MaxRecords, complete);
        if (!Consistent(parsed.Records, minColumns: classifier.AllowSingleColumn == true ? 1 : 2)) return null;
        var trim = classifier.DisableValueTrimming != true;
        var names = classifier.Header is { Count: > 0 } h ? h : null;
        if (names is not null && names.Count != parsed.Records[0].Length) return null;
        var header = classifier.ContainsHeader switch
        {
            "PRESENT" => true,
            "ABSENT" => false,
            _ => DetectHeader(parsed.Records, trim),
        };
        return Build(parsed, delimiter, quote, header, names, trim, compression);
    }

    /// <summary>Two rows (a header counts) with the same number of fields, at least <paramref name="minColumns"/>.</summary>
    private static bool Consistent(List<string[]> records, int minColumns) =>
        records.Count >= 2 && records[0].Length >= minColumns && records.All(r => r.Length == records[0].Length);

    /// <summary>
    /// Glue's header rules: every header field is a string (parses as no other type); each but the
    /// last is under 150 characters and only the last may be empty (a trailing delimiter); and the
    /// data differs from it: some data column has a type other than string.
    /// </summary>
    private static bool DetectHeader(List<string[]> records, bool trim)
    {
        var first = records[0].Select(f => trim ? f.Trim() : f).ToArray();
        for (var i = 0; i < first.Length; i++)
        {
            var last = i == first.Length - 1;
            if (first[i].Length == 0 && !last) return false;
            if (first[i].Length >= 150 && !last) return false;
            if (first[i].Length > 0 && !TextValues.TypeOf(first[i])!.Equals(GlueType.String)) return false;
            if (first[i].Any(char.IsControl)) return false;
        }

        var types = ColumnTypes(records.Skip(1), first.Length, trim);
        return types.Any(t => t is not null && !t.Equals(GlueType.String));
    }

    private static GlueType?[] ColumnTypes(IEnumerable<string[]> rows, int columns, bool trim)
    {
        var types = new GlueType?[columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns; i++) types[i] = GlueType.Widen(types[i], TextValues.TypeOf(trim ? row[i].Trim() : row[i]));
        }

        return types;
    }

    private static FileSchema Build(CsvRecords.Result parsed, char delimiter, char quote, bool header, IReadOnlyList<string>? names, bool trim, string compression)
    {
        var records = parsed.Records;
        var width = records[0].Length;
        var types = ColumnTypes(header ? records.Skip(1) : records, width, trim);
        var columnNames = names?.ToArray() ?? (header ? records[0].Select(n => n.Trim()).ToArray() : new string[width]);
        var columns = new List<GlueType.Field>(width);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < width; i++)
        {
            var name = string.IsNullOrEmpty(columnNames[i]) ? $"col{i}" : columnNames[i].ToLowerInvariant();
            if (!used.Add(name)) used.Add(name = $"{name}_{i}"); // Hive column names must be unique
            columns.Add(new GlueType.Field(name, types[i] ?? GlueType.String));
        }

        var dataRecords = header ? records.Count - 1 : records.Count;
        return new FileSchema
        {
            Classification = "csv",
            Compression = compression,
            Columns = columns,
            Csv = new CsvFormat(delimiter, quote, header, parsed.AnyQuoted),
            SampledRecords = Math.Max(dataRecords, 1),
            SampledBytes = parsed.Bytes,
        };
    }
}
