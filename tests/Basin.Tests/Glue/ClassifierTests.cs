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
    public void An_empty_json_array_says_nothing_about_its_elements()
    {
        var schema = Classify(new MemoryLake().Put("e.json", "{\"items\": []}\n{\"items\": [{\"sku\": \"a\"}]}\n{\"tags\": []}\n"), "e.json")!;
        Assert.Equal("items array<struct<sku:string>>, tags array<string>", Columns(schema));
    }

    [Fact]
    public void Grok_classifier_makes_a_column_of_each_named_capture_with_its_type()
    {
        const string log = "2024-01-02T03:04:05Z [a-b-c-d] ERROR : disk full\n2024-01-02T03:04:06Z [e-f-g-h] INFO : ok 200\n";
        var grok = new Classifier
        {
            GrokClassifier = new GrokClassifier
            {
                Name = "crawler-logs",
                Classification = "special-logs",
                GrokPattern = "%{TIMESTAMP_ISO8601:timestamp} \\[%{MESSAGEPREFIX:message_prefix}\\] %{CRAWLERLOGLEVEL:loglevel} : %{GREEDYDATA:message}",
                CustomPatterns = "CRAWLERLOGLEVEL (BENCHMARK|ERROR|WARN|INFO|TRACE)\nMESSAGEPREFIX .*-.*-.*-.*",
            },
        };
        var schema = Classify(new MemoryLake().Put("logs/a.log", log), "logs/a.log", grok)!;
        Assert.Equal("special-logs", schema.Classification);
        Assert.Equal("timestamp string, message_prefix string, loglevel string, message string", Columns(schema));
        Assert.Equal(2, schema.SampledRecords);

        // Types come from the pattern; nested named captures of built-ins are columns, UNWANTED ones are not.
        var apache = new Classifier { GrokClassifier = new GrokClassifier { Name = "apache", Classification = "apache", GrokPattern = "%{COMMONAPACHELOG} %{NUMBER:ms:int}" } };
        const string access = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 17\n";
        Assert.Equal(
            "clientip string, ident string, auth string, timestamp string, verb string, request string, httpversion string, rawrequest string, response string, bytes string, ms int",
            Columns(Classify(new MemoryLake().Put("web/a.log", access), "web/a.log", apache)!));

        // One line the pattern does not match and the file is not the classifier's: the built-ins take it.
        Assert.Equal("csv", Classify(new MemoryLake().Put("logs/b.log", "a,b\n1,2\n3,4\n"), "logs/b.log", grok)!.Classification);
    }

    [Fact]
    public void Xml_classifier_reads_records_by_row_tag()
    {
        const string xml = """
            <?xml version="1.0"?>
            <catalog>
              <book id="bk101"><AnyCompany><author>Rivera, Martha</author><title>Guide</title><price>44.95</price></AnyCompany></book>
              <book id="bk102"><AnyCompany><author>Stiles, John</author><title>Style</title><price>5</price><tag>a</tag><tag>b</tag></AnyCompany></book>
              <book id="bk103"><AnyCompany/></book>
            </catalog>
            """;
        var custom = new Classifier { XMLClassifier = new XMLClassifier { Name = "books", Classification = "xml", RowTag = "AnyCompany" } };
        var schema = Classify(new MemoryLake().Put("books/a.xml", xml), "books/a.xml", custom)!;
        Assert.Equal("xml", schema.Classification);
        Assert.Equal("AnyCompany", schema.XmlRowTag);
        Assert.Equal("author string, title string, price double, tag array<string>", Columns(schema));
        Assert.Equal(2, schema.SampledRecords);

        var byBook = new Classifier { XMLClassifier = new XMLClassifier { Name = "books", Classification = "xml", RowTag = "book" } };
        Assert.Equal("_id string, anycompany struct<author:string,title:string,price:double,tag:array<string>>",
            Columns(Classify(new MemoryLake().Put("books/a.xml", xml), "books/a.xml", byBook)!));
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
