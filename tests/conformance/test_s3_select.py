"""S3 Select through boto3 and the AWS CLI: SelectObjectContent runs the expression on the SQL
engine over CSV (header USE/IGNORE/NONE, quoting), JSON lines and documents, Parquet, GZIP and
BZIP2 objects, encrypted ones too, and streams S3's event stream back (Records, Progress, Stats, End);
bad SQL, failed casts and anything but S3Object are S3's errors."""
import bz2
import gzip
import json
import os
import pathlib
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import aws, client

CSV = 'id,name,city,amount\n1,Ann,Paris,10.5\n2,Bob,"Rome, IT",20\n3,Cy,Oslo,7\n'
PARQUET = pathlib.Path(__file__).resolve().parents[1] / "Basin.Tests" / "Fixtures" / "parquet" / "rows-zstd.parquet"


class S3SelectTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "select-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="t.csv", Body=CSV.encode())

    def select(self, key, expression, input, output=None, **extra):
        response = self.s3.select_object_content(Bucket=self.bucket, Key=key, Expression=expression, ExpressionType="SQL",
                                                 InputSerialization=input, OutputSerialization=output or {"CSV": {}}, **extra)
        events = list(response["Payload"])
        records = b"".join(e["Records"]["Payload"] for e in events if "Records" in e).decode()
        stats = [e["Stats"]["Details"] for e in events if "Stats" in e]
        self.assertIn("End", events[-1])
        return records, stats[0], events

    def error(self, **kwargs):
        with self.assertRaises(ClientError) as raised:
            self.select(**kwargs)
        return raised.exception.response["Error"]["Code"]

    def test_csv_with_header_names_casts_and_quoting(self):
        records, stats, _ = self.select("t.csv", "SELECT s.name, s.city FROM S3Object s WHERE CAST(s.amount AS FLOAT) > 8", {"CSV": {"FileHeaderInfo": "USE"}})
        self.assertEqual('Ann,Paris\nBob,"Rome, IT"\n', records)
        self.assertEqual((len(CSV), len(CSV), len(records)), (stats["BytesScanned"], stats["BytesProcessed"], stats["BytesReturned"]))
        always, _, _ = self.select("t.csv", "SELECT s.id FROM S3Object s LIMIT 1", {"CSV": {"FileHeaderInfo": "USE"}},
                                   {"CSV": {"QuoteFields": "ALWAYS", "RecordDelimiter": ";"}})
        self.assertEqual('"1";', always)

    def test_positional_columns_without_a_header_and_json_output(self):
        records, _, _ = self.select("t.csv", "SELECT s._2 FROM S3Object s", {"CSV": {"FileHeaderInfo": "IGNORE"}}, {"JSON": {}})
        self.assertEqual(["Ann", "Bob", "Cy"], [json.loads(line)["_2"] for line in records.splitlines()])
        none, _, _ = self.select("t.csv", "SELECT count(*) FROM S3Object", {"CSV": {}}, {"JSON": {}})
        self.assertEqual({"_1": 4}, json.loads(none))  # the header line is a record when FileHeaderInfo is NONE

    def test_gzip_and_encrypted_objects(self):
        key = os.urandom(32)
        self.s3.put_object(Bucket=self.bucket, Key="t.csv.gz", Body=gzip.compress(CSV.encode()), ServerSideEncryption="AES256")
        self.s3.put_object(Bucket=self.bucket, Key="c.csv", Body=CSV.encode(), SSECustomerAlgorithm="AES256", SSECustomerKey=key)
        records, _, _ = self.select("t.csv.gz", "SELECT sum(CAST(amount AS DECIMAL(10,2))) AS total FROM S3Object",
                                    {"CSV": {"FileHeaderInfo": "USE"}, "CompressionType": "GZIP"}, {"JSON": {}})
        self.assertEqual({"total": 37.5}, json.loads(records))
        records, _, _ = self.select("c.csv", "SELECT name FROM S3Object WHERE id = '3'", {"CSV": {"FileHeaderInfo": "USE"}},
                                    SSECustomerAlgorithm="AES256", SSECustomerKey=key)
        self.assertEqual("Cy\n", records)
        self.assertEqual("InvalidRequest", self.error(key="c.csv", expression="SELECT * FROM S3Object", input={"CSV": {}}))

    def test_bzip2_objects(self):
        # Several blocks and streams (pbzip2 concatenates them); the object's name does not matter, CompressionType does.
        body = bz2.compress(CSV.encode()) + bz2.compress(b"".join(b"%d,N%d,X,1\n" % (i, i) for i in range(4, 50000)), 1)
        self.s3.put_object(Bucket=self.bucket, Key="t.data", Body=body)
        records, _, _ = self.select("t.data", "SELECT count(*), sum(CAST(amount AS DECIMAL(10,2))) FROM S3Object",
                                    {"CSV": {"FileHeaderInfo": "USE"}, "CompressionType": "BZIP2"})
        self.assertEqual("49999,50033.50\n", records)
        self.s3.put_object(Bucket=self.bucket, Key="bad.bz2", Body=body[:200] + b"garbage" + body[207:])
        self.assertEqual("InvalidCompressionFormat", self.error(key="bad.bz2", expression="SELECT * FROM S3Object",
                                                                input={"CSV": {}, "CompressionType": "BZIP2"}))

    def test_scan_ranges_process_the_records_that_start_in_them(self):
        header = {"CSV": {"FileHeaderInfo": "USE"}}

        def names(start=None, end=None):
            scan = {k: v for k, v in (("Start", start), ("End", end)) if v is not None}
            return self.select("t.csv", "SELECT s.name FROM S3Object s", header, ScanRange=scan)[0].split()

        # Records start at 20 (Ann), 37 (Bob) and 57 (Cy); the header line stays the header.
        self.assertEqual(["Bob"], names(21, 40))
        self.assertEqual(["Ann"], names(0, 25))
        self.assertEqual(["Ann", "Bob", "Cy"], names(0, 30) + names(31, 50) + names(51, 68))  # tiles process each record once
        self.assertEqual(["Cy"], names(end=12))  # End alone: the last 12 bytes
        self.assertEqual(["Bob", "Cy"], names(start=37))
        _, stats, _ = self.select("t.csv", "SELECT * FROM S3Object", header, ScanRange={"Start": 37, "End": 40})
        self.assertEqual(20 + 20, stats["BytesScanned"])  # the header line and Bob's record

        lines = b'{"n": 1}\n{"n": 22}\n{"n": 333}\n'
        self.s3.put_object(Bucket=self.bucket, Key="l.json", Body=lines)
        records, _, _ = self.select("l.json", "SELECT s.n FROM S3Object s", {"JSON": {"Type": "LINES"}}, {"CSV": {}}, ScanRange={"Start": 1, "End": 9})
        self.assertEqual("22\n", records)

        self.s3.put_object(Bucket=self.bucket, Key="t.csv.gz", Body=gzip.compress(CSV.encode()))
        self.assertEqual("UnsupportedScanRangeInput", self.error(key="t.csv.gz", expression="SELECT * FROM S3Object",
                                                                 input={"CSV": {}, "CompressionType": "GZIP"}, ScanRange={"Start": 0}))
        self.assertEqual("UnsupportedScanRangeInput", self.error(key="l.json", expression="SELECT * FROM S3Object",
                                                                 input={"JSON": {"Type": "DOCUMENT"}}, ScanRange={"Start": 0}))
        self.assertEqual("InvalidScanRange", self.error(key="t.csv", expression="SELECT * FROM S3Object", input={"CSV": {}},
                                                        ScanRange={"Start": 10, "End": 5}))

    def test_json_and_parquet_inputs_with_progress(self):
        self.s3.put_object(Bucket=self.bucket, Key="t.json", Body=b'{"a":1,"b":{"c":"x"}}\n{"a":2,"b":{"c":"y"}}\n')
        records, _, events = self.select("t.json", "SELECT s.a, s.b.c FROM S3Object s WHERE s.a > 1", {"JSON": {"Type": "LINES"}}, {"JSON": {}},
                                         RequestProgress={"Enabled": True})
        self.assertEqual({"a": 2, "c": "y"}, json.loads(records))
        self.assertTrue(any("Progress" in e for e in events))
        self.s3.put_object(Bucket=self.bucket, Key="r.parquet", Body=PARQUET.read_bytes())
        records, _, _ = self.select("r.parquet", "SELECT count(*) AS n, max(id) AS top FROM S3Object", {"Parquet": {}}, {"JSON": {}})
        self.assertEqual({"n": 1000, "top": 999}, json.loads(records))

    def test_json_from_paths_select_inside_the_records(self):
        store = [{"store": "north", "books": [{"title": "Dune", "price": 9.5, "tags": ["sf", "classic"]}, {"title": "Emma", "price": 4}]},
                 {"store": "south", "books": []},
                 {"store": "east", "books": [{"title": "Ulysses", "price": 12}], "address": {"city": "Oslo"}}]
        self.s3.put_object(Bucket=self.bucket, Key="books.json", Body="\n".join(json.dumps(r) for r in store).encode())
        lines = {"JSON": {"Type": "LINES"}}

        def rows(expression):
            records, _, _ = self.select("books.json", expression, lines, {"JSON": {}})
            return [json.loads(line) for line in records.splitlines()]

        self.assertEqual([{"title": "Dune"}, {"title": "Emma"}, {"title": None}, {"title": "Ulysses"}],
                         rows("SELECT b.title FROM S3Object[*].books[*] b"))  # the empty list gives one MISSING row
        self.assertEqual([{"price": 9.5}, {"price": 4}, {"price": None}, {"price": 12}], rows("SELECT price FROM S3Object[*].books[*].price"))
        self.assertEqual([{"n": 3, "total": 25.5}], rows("SELECT count(price) AS n, sum(price) AS total FROM S3Object[*].books[*].price"))
        self.assertEqual([{"title": "Ulysses"}], rows("SELECT _1.title FROM S3Object[*].books[*] WHERE _1.price > 10"))
        self.assertEqual([{"_1": "sf"}, {"_1": "classic"}], rows("SELECT * FROM S3Object[*].books[0].tags[*] WHERE _1 IS NOT NULL"))
        self.assertEqual([{"city": None}, {"city": None}, {"city": "Oslo"}], rows("SELECT a.city FROM S3Object[*].address a"))
        self.assertEqual([{"title": "Dune"}, {"title": "Ulysses"}], rows("SELECT b.title FROM S3Object[*]['books'][0] AS b WHERE b.title IS NOT NULL"))
        self.s3.put_object(Bucket=self.bucket, Key="doc.json", Body=json.dumps({"Rules": [{"id": "a"}, {"id": "b"}]}).encode())
        records, _, _ = self.select("doc.json", "SELECT r.id FROM S3Object[*].Rules[*] r", {"JSON": {"Type": "DOCUMENT"}})
        self.assertEqual("a\nb\n", records)
        self.assertEqual("UnsupportedSyntax", self.error(key="t.csv", expression="SELECT * FROM S3Object[*].a", input={"CSV": {}}))

    def test_large_results_stream_in_several_records_events(self):
        rows = "".join(f"{i},{'x' * 100}\n" for i in range(5000))
        self.s3.put_object(Bucket=self.bucket, Key="big.csv", Body=rows.encode())
        records, stats, events = self.select("big.csv", "SELECT * FROM S3Object", {"CSV": {}})
        self.assertEqual(rows, records)
        self.assertGreater(sum("Records" in e for e in events), 1)
        self.assertEqual(len(rows), stats["BytesReturned"])

    def test_errors(self):
        csv = {"CSV": {"FileHeaderInfo": "USE"}}
        self.assertEqual("UnsupportedSyntax", self.error(key="t.csv", expression="SELEC name FROM S3Object", input=csv))
        self.assertEqual("UnsupportedSyntax", self.error(key="t.csv", expression="SELECT * FROM read_csv('/etc/passwd')", input=csv))
        self.assertEqual("UnsupportedSyntax", self.error(key="t.csv", expression="SELECT * FROM other_table", input=csv))
        self.assertEqual("CastFailed", self.error(key="t.csv", expression="SELECT CAST(name AS INT) FROM S3Object", input=csv))
        self.assertEqual("InvalidFileHeaderInfo", self.error(key="t.csv", expression="SELECT * FROM S3Object", input={"CSV": {"FileHeaderInfo": "MAYBE"}}))
        self.assertEqual("NoSuchKey", self.error(key="missing.csv", expression="SELECT * FROM S3Object", input=csv))
        with self.assertRaises(ClientError) as raised:
            self.s3.select_object_content(Bucket=self.bucket, Key="t.csv", Expression="SELECT 1", ExpressionType="XPATH",
                                          InputSerialization=csv, OutputSerialization={"CSV": {}})
        self.assertEqual("InvalidExpressionType", raised.exception.response["Error"]["Code"])

    def test_aws_cli_select_object_content(self):
        out = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / ("select-" + uuid.uuid4().hex)
        try:
            aws("s3api", "select-object-content", "--bucket", self.bucket, "--key", "t.csv", "--expression", "SELECT name FROM S3Object WHERE city = 'Oslo'",
                "--expression-type", "SQL", "--input-serialization", '{"CSV": {"FileHeaderInfo": "USE"}}', "--output-serialization", '{"CSV": {}}', str(out))
            self.assertEqual("Cy\n", out.read_text())
        finally:
            out.unlink(missing_ok=True)


if __name__ == "__main__":
    unittest.main()
