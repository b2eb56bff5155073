namespace Basin.Sql.Lake;

public enum LakeFormat
{
    DelimitedText,
    OpenCsv,
    Json,
    Parquet,

    /// <summary>Text lines parsed by a regular expression (RegexSerDe, GrokSerDe): <see cref="LakeTable.LineRegex"/>.</summary>
    RegexText,
}

/// <summary>
/// One object file of a table, with its partition's values (in partition-key order), and the
/// object it is (its S3 URI and last-modified time, for the <c>$path</c> hidden columns).
/// </summary>
public sealed record LakeFile(string Path, long Size, IReadOnlyList<string> PartitionValues, string? ObjectUri = null, DateTimeOffset? Modified = null);

/// <summary>A partition of a table: its values in partition-key order and the location of its objects.</summary>
public sealed record LakePartition(IReadOnlyList<string> Values, string? Location);

/// <summary>
/// A catalog table as the engine reads it: columns in Glue types, partition keys, the SerDe's
/// format and properties, and the files (already pruned) that hold its rows.
/// Without files it describes the table's shape, as bound before pruning.
/// </summary>
public sealed record LakeTable
{
    public required IReadOnlyList<(string Name, string Type)> Columns { get; init; }
    public IReadOnlyList<(string Name, string Type)> PartitionKeys { get; init; } = [];
    public required LakeFormat Format { get; init; }
    public IReadOnlyList<LakeFile> Files { get; init; } = [];

    /// <summary>Whether the scan also yields Athena's hidden columns (<see cref="Trino.HiddenColumns"/>), read one file at a time.</summary>
    public bool HiddenColumns { get; init; }

    /// <summary>Field delimiter of delimited text (LazySimpleSerDe's field.delim, OpenCSVSerde's separatorChar).</summary>
    public string Delimiter { get; init; } = "\u0001";
    public string? Quote { get; init; }

    /// <summary>LazySimpleSerDe's separators of nested values: array items and struct fields (collection.delim), map keys (mapkey.delim).</summary>
    public string CollectionDelimiter { get; init; } = "\u0002";

    public string MapKeyDelimiter { get; init; } = "\u0003";
    public string? Escape { get; init; }

    /// <summary>Header lines to skip in every file (the skip.header.line.count table property).</summary>
    public int SkipHeaderLines { get; init; }

    /// <summary>The text that means NULL in delimited files (serialization.null.format; Hive's default is \N).</summary>
    public string NullFormat { get; init; } = "\\N";

    /// <summary>JSON text holds binary columns' values as base64 (Avro files Basin rewrote as JSON lines).</summary>
    public bool BinaryAsBase64 { get; init; }

    /// <summary>JSON SerDe's ignore.malformed.json: bad lines become NULL rows instead of failing the query.</summary>
    public bool IgnoreMalformedJson { get; init; }

    /// <summary>
    /// The JSON SerDes match keys to columns ignoring case (OpenX's case.insensitive, TRUE unless
    /// set otherwise): a key "userId" fills column userid.
    /// </summary>
    public bool JsonCaseInsensitive { get; init; } = true;

    /// <summary>OpenX's dots.in.keys: a key "a.b" fills column a_b.</summary>
    public bool JsonDotsInKeys { get; init; }

    /// <summary>OpenX's mapping.&lt;column&gt; properties: the JSON key that fills a column of another name.</summary>
    public IReadOnlyDictionary<string, string> JsonKeyMappings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For <see cref="LakeFormat.RegexText"/>: the .NET regular expression applied to each line.
    /// A line it does not match is a row of NULLs, as with Hive's RegexSerDe.
    /// </summary>
    public string? LineRegex { get; init; }

    /// <summary>For <see cref="LakeFormat.RegexText"/>, per column: the groups that may fill it, the first that matched wins (none: always NULL).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ColumnGroups { get; init; } = [];
}
