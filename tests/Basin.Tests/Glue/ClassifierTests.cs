using System.IO.Compression;
using System.Text;
using Basin.Aws.Model.Glue;
using Basin.Services.Glue.Crawlers.Classification;
using Basin.Tests.Support;

namespace Basin.Tests.Glue;

/// <summary>The crawler's classifiers on single files: formats, Glue's CSV header rules, JSON nesting, Parquet footers.</summary>
public sealed class ClassifierTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "parquet", name);

    private static FileSchema? Classify(MemoryLake lake, string key, params Classifier[] custom) =>
        new FileClassifier(lake, custom).Classify(lake.Object(key));

    private static string Columns(FileSchema schema) => string.Join(", ", schema.Columns.Select(c => $"{c.Name} {c.TypeOrString}"));

    [Fact]
    public void Parquet_types_come_from_the_footer_as_hive_types()
    {
        var lake = new MemoryLake().Put("t/types.parquet", File.ReadAllBytes(Fixture("types.parquet")));
        var schema = Classify(lake, "t/types.parquet")!;
        Assert.Equal("parquet", schema.Classification);
        Assert.Equal(
            "id int, big bigint, name string, ratio double, score float, active boolean, day date, at timestamp, price decimal(10,2), "
            + "small smallint, tiny tinyint, nums array<int>, tags array<string>, address struct<city:string,zip:int>, attrs map<string,int>, "
            + "lines array<struct<sku:string,qty:int>>, raw binary",
            Columns(schema));
        Assert.Equal(3, schema.ExactRecordCount);
    }

    [Fact]
    public void Parquet_row_count_is_exact_whatever_the_codec()
    {
        var lake = new MemoryLake().Put("t/rows.parquet", File.ReadAllBytes(Fixture("rows-zstd.parquet")));
        var schema = Classify(lake, "t/rows.parquet")!;
        Assert.Equal("id bigint, name string", Columns(schema));
        Assert.Equal(1000, schema.ExactRecordCount);
    }

    [Fact]
    public void A_truncated_parquet_file_is_unknown_not_an_error()
    {
        var bytes = File.ReadAllBytes(Fixture("types.parquet"));
        var lake = new MemoryLake().Put("t/cut.parquet", bytes[..(bytes.Length / 2)]);
        Assert.Null(Classify(lake, "t/cut.parquet"));
    }

    [Theory]
    [InlineData("id,name\n1,a\n2,b\n", true, "id bigint, name string")]
    [InlineData("a,b\nx,y\nz,w\n", false, "col0 string, col1 string")] // all strings: the first row is not different enough
    [InlineData("1,a\n2,b\n", false, "col0 bigint, col1 string")] // a number cannot be a header
    [InlineData("id,\n1,\n2,\n", true, "id bigint, col1 string")] // a trailing delimiter: the last header may be empty
    [InlineData("when,n\n2024-01-02,1.5\n2024-01-03,2\n", true, "when date, n double")]
    public void Csv_header_follows_glues_rules(string text, bool header, string columns)
    {
        var schema = Classify(new MemoryLake().Put("f.csv", text), "f.csv")!;
        Assert.Equal("csv", schema.Classification);
        Assert.Equal(header, schema.Csv!.HasHeader);
        Assert.Equal(columns, Columns(schema));
    }

    [Theory]
    [InlineData("a;b\n1;2\n3;4\n", ';')]
    [InlineData("a\tb\n1\t2\n", '\t')]
    [InlineData("a\u0001b\n1\u00012\n", '\u0001')]
    public void Csv_delimiters_are_detected(string text, char delimiter) =>
        Assert.Equal(delimiter, Classify(new MemoryLake().Put("f.csv", text), "f.csv")!.Csv!.Delimiter);

    [Fact]
    public void One_column_or_one_row_is_not_csv()
    {
        Assert.Null(Classify(new MemoryLake().Put("f.txt", "justtext\nmore\n"), "f.txt"));
        Assert.Null(Classify(new MemoryLake().Put("f.csv", "a,b\n"), "f.csv"));
    }

    [Fact]
    public void Json_lines_merge_fields_and_widen_types()
    {
        var text = "{\"id\":1,\"v\":1}\n{\"id\":2,\"v\":2.5,\"extra\":{\"a\":[1,2]}}\n{\"id\":3000000000,\"v\":null}\n";
        var schema = Classify(new MemoryLake().Put("f.json", text), "f.json")!;
        Assert.Equal("json", schema.Classification);
        Assert.Equal("id bigint, v double, extra struct<a:array<int>>", Columns(schema));
        Assert.Equal(3, schema.SampledRecords);
    }

    [Fact]
    public void A_top_level_json_array_is_one_array_column_unless_a_json_path_says_otherwise()
    {
        var lake = new MemoryLake().Put("f.json", "[{\"id\":1},{\"id\":2,\"name\":\"x\"}]");
        Assert.Equal("array array<struct<id:int,name:string>>", Columns(Classify(lake, "f.json")!));
        var custom = new Classifier { JsonClassifier = new JsonClassifier { Name = "records", JsonPath = "$[*]" } };
        Assert.Equal("id int, name string", Columns(Classify(lake, "f.json", custom)!));
    }

    [Fact]
    public void Custom_csv_classifier_sets_delimiter_header_and_names()
    {
        var lake = new MemoryLake().Put("f.txt", "1#a\n2#b\n");
        var custom = new Classifier { CsvClassifier = new CsvClassifier { Name = "hash", Delimiter = "#", ContainsHeader = "ABSENT", Header = ["id", "label"] } };
        var schema = Classify(lake, "f.txt", custom)!;
        Assert.Equal("id bigint, label string", Columns(schema));
        Assert.Equal('#', schema.Csv!.Delimiter);
    }

    [Fact]
    public void Gzip_is_read_through_and_reported()
    {
        var lake = new MemoryLake().Put("f.csv.gz", Gzip("id,x\n1,2\n3,4\n"));
        var schema = Classify(lake, "f.csv.gz")!;
        Assert.Equal(("csv", "gzip"), (schema.Classification, schema.Compression));
    }

    [Fact]
    public void Binary_garbage_is_unknown() =>
        Assert.Null(Classify(new MemoryLake().Put("f.bin", [0, 1, 2, 3, 0, 255, 254]), "f.bin"));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}
