using Basin.Aws.Model.Glue;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// CREATE EXTERNAL TABLE in Athena's Hive DDL, parsed into the Glue TableInput Athena would store:
/// columns, PARTITIONED BY, ROW FORMAT DELIMITED / SERDE with SERDEPROPERTIES, STORED AS,
/// LOCATION and TBLPROPERTIES, with the SerDe and input/output formats Athena fills in.
/// </summary>
public sealed record CreateTableStatement(string? Database, string Name, bool IfNotExists, TableInput Table)
{
    public static CreateTableStatement Parse(IReadOnlyList<SqlToken> tokens)
    {
        var c = new TokenCursor(tokens);
        c.Expect("CREATE");
        c.Accept("EXTERNAL");
        c.Expect("TABLE");
        var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
        var (database, name) = c.QualifiedName();
        var columns = ColumnList(c);
        string? comment = null;
        if (c.Accept("COMMENT")) comment = c.StringLiteral();
        var partitionKeys = c.Accept("PARTITIONED", "BY") ? ColumnList(c) : [];
        var serde = new SerDeInfo { SerializationLibrary = HiveStorage.LazySimpleSerDe, Parameters = new() { ["serialization.format"] = "1" } };
        string? inputFormat = null, outputFormat = null, location = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["EXTERNAL"] = "TRUE" };
        while (!c.AtEnd && !(c.Peek()?.IsSymbol(";") ?? false))
        {
            if (c.Accept("ROW", "FORMAT", "DELIMITED")) serde = Delimited(c);
            else if (c.Accept("ROW", "FORMAT", "SERDE"))
            {
                serde = new SerDeInfo { SerializationLibrary = c.StringLiteral(), Parameters = c.Accept("WITH", "SERDEPROPERTIES") ? c.Properties() : [] };
            }
            else if (c.Accept("STORED", "AS", "INPUTFORMAT"))
            {
                inputFormat = c.StringLiteral();
                c.Expect("OUTPUTFORMAT");
                outputFormat = c.StringLiteral();
            }
            else if (c.Accept("STORED", "AS")) (inputFormat, outputFormat, serde) = StoredAs(c.Identifier(), serde);
            else if (c.Accept("LOCATION")) location = c.StringLiteral();
            else if (c.Accept("TBLPROPERTIES")) foreach (var (k, v) in c.Properties()) properties[k] = v;
            else throw c.Unexpected();
        }

        c.ExpectEnd();
        var table = new TableInput
        {
            Name = name.ToLowerInvariant(),
            Description = comment,
            TableType = "EXTERNAL_TABLE",
            Parameters = properties,
            PartitionKeys = partitionKeys,
            StorageDescriptor = HiveStorage.Descriptor(columns, location, inputFormat ?? HiveStorage.TextInput, outputFormat ?? HiveStorage.TextOutput, serde),
        };
        return new CreateTableStatement(database?.ToLowerInvariant(), table.Name, ifNotExists, table);
    }

    private static List<Column> ColumnList(TokenCursor c)
    {
        var columns = new List<Column>();
        c.ExpectSymbol("(");
        do
        {
            var token = c.Peek() ?? throw c.Unexpected();
            if (token.Kind == SqlTokenKind.Word && HiveDdlKeywords.Reserved.Contains(token.Text))
            {
                throw new SqlException("SYNTAX_ERROR",
                    $"{token.Position}: cannot recognize input near '{token.Text}' in column name; '{token.Text}' is a reserved keyword in DDL and must be quoted in backticks");
            }

            var name = c.Identifier();
            var type = TypeText(c);
            if (!HiveTypes.IsValid(type)) throw new SqlException("SYNTAX_ERROR", $"{token.Position}: Unknown type '{type}' for column '{name}'");
            string? comment = null;
            if (c.Accept("COMMENT")) comment = c.StringLiteral();
            columns.Add(new Column { Name = name.ToLowerInvariant(), Type = type.ToLowerInvariant(), Comment = comment });
        }
        while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return columns;
    }

    /// <summary>A Hive type as written: a word plus any (...) or &lt;...&gt; parameters, up to the next top-level comma or paren.</summary>
    private static string TypeText(TokenCursor c)
    {
        var text = new System.Text.StringBuilder();
        var depth = 0;
        while (c.Peek() is { } t)
        {
            if (depth == 0 && (t.IsSymbol(",") || t.IsSymbol(")") || t.IsWord("COMMENT"))) break;
            if (t.IsSymbol("(") || t.IsSymbol("<")) depth++;
            if (t.IsSymbol(")") || t.IsSymbol(">")) depth--;
            if (t.IsSymbol("<>")) break;
            text.Append(t.Kind == SqlTokenKind.BacktickIdentifier ? t.Value : t.Text);
            if (t.Kind == SqlTokenKind.Word && c.Peek(1) is { Kind: SqlTokenKind.Word }) text.Append(' ');
            c.Next();
        }

        return text.ToString();
    }

    private static SerDeInfo Delimited(TokenCursor c)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            if (c.Accept("FIELDS", "TERMINATED", "BY"))
            {
                var delimiter = c.StringLiteral();
                parameters["field.delim"] = delimiter;
                parameters["serialization.format"] = delimiter;
                if (c.Accept("ESCAPED", "BY")) parameters["escape.delim"] = c.StringLiteral();
            }
            else if (c.Accept("COLLECTION", "ITEMS", "TERMINATED", "BY")) parameters["collection.delim"] = c.StringLiteral();
            else if (c.Accept("MAP", "KEYS", "TERMINATED", "BY")) parameters["mapkey.delim"] = c.StringLiteral();
            else if (c.Accept("LINES", "TERMINATED", "BY")) parameters["line.delim"] = c.StringLiteral();
            else if (c.Accept("NULL", "DEFINED", "AS")) parameters["serialization.null.format"] = c.StringLiteral();
            else break;
        }

        if (!parameters.ContainsKey("serialization.format")) parameters["serialization.format"] = "1";
        return new SerDeInfo { SerializationLibrary = HiveStorage.LazySimpleSerDe, Parameters = parameters };
    }

    /// <summary>STORED AS TEXTFILE keeps the ROW FORMAT given before it; other formats (AVRO too) bring their own SerDe.</summary>
    private static (string Input, string Output, SerDeInfo SerDe) StoredAs(string format, SerDeInfo serde) =>
        format.Equals("TEXTFILE", StringComparison.OrdinalIgnoreCase) ? (HiveStorage.TextInput, HiveStorage.TextOutput, serde)
        : format.Equals("AVRO", StringComparison.OrdinalIgnoreCase) ? HiveStorage.Avro()
        : HiveStorage.For(format, "\u0001");
}
