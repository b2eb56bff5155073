namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// A column type as the catalog spells it (Hive DDL: <c>bigint</c>, <c>array&lt;string&gt;</c>,
/// <c>struct&lt;id:int,tags:array&lt;string&gt;&gt;</c>). Nested types are kept as a tree so types
/// seen in different records and files can be widened field by field.
/// </summary>
public abstract record GlueType
{
    public static readonly GlueType String = new Primitive("string");
    public static readonly GlueType Boolean = new Primitive("boolean");
    public static readonly GlueType Int = new Primitive("int");
    public static readonly GlueType BigInt = new Primitive("bigint");
    public static readonly GlueType Double = new Primitive("double");
    public static readonly GlueType Date = new Primitive("date");
    public static readonly GlueType Timestamp = new Primitive("timestamp");

    public abstract override string ToString();

    public sealed record Primitive(string Name) : GlueType
    {
        public override string ToString() => Name;
    }

    /// <summary>An array; a null element type means only empty arrays were seen (string in the end, unless other records say more).</summary>
    public sealed record Array(GlueType? Element) : GlueType
    {
        public override string ToString() => $"array<{Element ?? String}>";
    }

    public sealed record Map(GlueType Key, GlueType Value) : GlueType
    {
        public override string ToString() => $"map<{Key},{Value}>";
    }

    /// <summary>Fields in order of first appearance; names as the data spells them, lower-cased.</summary>
    public sealed record Struct(IReadOnlyList<Field> Fields) : GlueType
    {
        public override string ToString() => "struct<" + string.Join(',', Fields.Select(f => $"{f.Name}:{f.TypeOrString}")) + ">";

        public bool Equals(Struct? other) => other is not null && ToString() == other.ToString();

        public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>A named column or struct field; a null type means no evidence yet (only JSON nulls seen): string in the end.</summary>
    public sealed record Field(string Name, GlueType? Type)
    {
        public GlueType TypeOrString => Type ?? String;
    }

    /// <summary>
    /// The type a column gets when records or files disagree: the wider number, structs merged
    /// field by field, arrays by element, anything else conflicting becomes string (every sampled
    /// file must stay readable). Null means no evidence yet (a JSON null, an empty CSV field).
    /// </summary>
    public static GlueType? Widen(GlueType? a, GlueType? b)
    {
        if (a is null) return b;
        if (b is null || a.Equals(b)) return a;
        if (NumericRank(a) is > 0 and var ra && NumericRank(b) is > 0 and var rb) return ra >= rb ? a : b;
        return (a, b) switch
        {
            (Struct x, Struct y) => new Struct(MergeFields(x.Fields, y.Fields)),
            (Array x, Array y) => new Array(Widen(x.Element, y.Element)),
            (Map x, Map y) => new Map(Widen(x.Key, y.Key) ?? String, Widen(x.Value, y.Value) ?? String),
            _ => String,
        };
    }

    /// <summary>Fields of both, in first-seen order, each widened.</summary>
    public static List<Field> MergeFields(IEnumerable<Field> first, IEnumerable<Field> second)
    {
        var merged = new List<Field>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in first.Concat(second))
        {
            if (index.TryGetValue(field.Name, out var i)) merged[i] = field with { Type = Widen(merged[i].Type, field.Type) };
            else
            {
                index[field.Name] = merged.Count;
                merged.Add(field);
            }
        }

        return merged;
    }

    private static int NumericRank(GlueType type) => type is Primitive p
        ? p.Name switch
        {
            "tinyint" => 1,
            "smallint" => 2,
            "int" => 3,
            "bigint" => 4,
            "float" => 5,
            "double" => 6,
            _ => 0,
        }
        : 0;
}
