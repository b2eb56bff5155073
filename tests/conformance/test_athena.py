"""Athena through boto3 and the AWS CLI: queries really run over the lake's objects via the Glue catalog."""
import gzip
import os
import pathlib
import subprocess
import time
import unittest
import uuid

from clients import AwsTestCase, aws_json, client

CUSTOMERS = (
    "293,Catherine,Abel,Catherine Abel\n295,Kim,Abercrombie,Kim Abercrombie\n"
    "371,John,Arthur,John Arthur\n377,Jay,Adams,Jay Adams\n381,John,Doe,John Doe\n"
)
TUTORIAL_CUSTOMERS = """CREATE EXTERNAL TABLE IF NOT EXISTS customers(
  customerid BIGINT,
  fistname STRING,
  lastname STRING,
  fullname STRING
  )
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION 's3://{bucket}/rawData/customers/';"""


class AthenaTests(AwsTestCase):
    def setUp(self):
        self.athena = client("athena")
        self.s3 = client("s3")
        self.bucket = "lake-" + uuid.uuid4().hex[:10]
        self.db = "demo_" + uuid.uuid4().hex[:8]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="rawData/customers/customers.csv", Body=CUSTOMERS.encode())
        self.output = f"s3://{self.bucket}/athena/"

    def start(self, sql, database=None, **extra):
        context = {"Database": database or self.db}
        return self.athena.start_query_execution(
            QueryString=sql, QueryExecutionContext=context, ResultConfiguration={"OutputLocation": self.output}, **extra
        )["QueryExecutionId"]

    def wait(self, qid):
        deadline = time.time() + 30
        while time.time() < deadline:
            execution = self.athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
            if execution["Status"]["State"] not in ("QUEUED", "RUNNING"):
                return execution
            time.sleep(0.02)
        self.fail(f"query {qid} did not finish")

    def run_sql(self, sql, database=None):
        execution = self.wait(self.start(sql, database))
        return execution

    def rows(self, sql):
        execution = self.run_sql(sql)
        self.assertEqual("SUCCEEDED", execution["Status"]["State"], execution["Status"].get("StateChangeReason"))
        result = self.athena.get_query_results(QueryExecutionId=execution["QueryExecutionId"])
        return [[d.get("VarCharValue") for d in row["Data"]] for row in result["ResultSet"]["Rows"]]

    def failure(self, sql):
        execution = self.run_sql(sql)
        self.assertEqual("FAILED", execution["Status"]["State"])
        return execution["Status"]["StateChangeReason"]

    def create_customers(self, ddl=None):
        self.assertEqual("SUCCEEDED", self.run_sql(f"CREATE DATABASE {self.db}", "default")["Status"]["State"])
        sql = ddl or TUTORIAL_CUSTOMERS.replace("fistname", "firstname")
        execution = self.run_sql(sql.format(bucket=self.bucket))
        self.assertEqual("SUCCEEDED", execution["Status"]["State"], execution["Status"].get("StateChangeReason"))

    def test_select_reads_the_objects_and_writes_athena_results(self):
        self.create_customers()
        qid = self.start("SELECT customerid, firstname FROM customers WHERE firstname = 'John' ORDER BY customerid")
        execution = self.wait(qid)
        self.assertEqual("SUCCEEDED", execution["Status"]["State"])
        self.assertEqual("DML", execution["StatementType"])
        self.assertEqual(len(CUSTOMERS), execution["Statistics"]["DataScannedInBytes"])
        self.assertEqual(f"{self.output}{qid}.csv", execution["ResultConfiguration"]["OutputLocation"])
        result = self.athena.get_query_results(QueryExecutionId=qid)
        rows = [[d.get("VarCharValue") for d in r["Data"]] for r in result["ResultSet"]["Rows"]]
        self.assertEqual([["customerid", "firstname"], ["371", "John"], ["381", "John"]], rows)
        info = result["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
        self.assertEqual([("customerid", "bigint"), ("firstname", "varchar")], [(c["Name"], c["Type"]) for c in info])
        # The result file is where Athena puts it, in Athena's CSV dialect.
        body = self.s3.get_object(Bucket=self.bucket, Key=f"athena/{qid}.csv")["Body"].read().decode()
        self.assertEqual('"customerid","firstname"\n"371","John"\n"381","John"\n', body)
        self.s3.head_object(Bucket=self.bucket, Key=f"athena/{qid}.csv.metadata")

    def test_queries_read_encrypted_objects_and_leave_no_plaintext_behind(self):
        # The bucket encrypts by default with SSE-KMS; one more object is SSE-S3 and gzip-compressed.
        self.s3.put_bucket_encryption(Bucket=self.bucket, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/lake"}}]})
        self.s3.put_object(Bucket=self.bucket, Key="rawData/customers/customers.csv", Body=CUSTOMERS.encode())
        self.s3.put_object(Bucket=self.bucket, Key="rawData/customers/more.csv.gz", Body=gzip.compress(b"400,Ann,Lee,Ann Lee\n"), ServerSideEncryption="AES256")
        self.create_customers()
        self.assertEqual([["count"], ["6"]], self.rows("SELECT count(*) AS count FROM customers"))
        self.assertEqual([["fullname"], ["Ann Lee"]], self.rows("SELECT fullname FROM customers WHERE customerid = 400"))
        results = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="athena/")["Contents"]
        self.assertTrue(all(self.s3.head_object(Bucket=self.bucket, Key=o["Key"])["ServerSideEncryption"] == "aws:kms" for o in results))
        data_dir = os.environ.get("BASIN_DATA_DIR")
        if data_dir:
            self.assertEqual([], [p.name for p in (pathlib.Path(data_dir) / "sql" / "tmp").glob("read-*")])
        # Athena cannot read objects encrypted with a customer-provided key.
        self.s3.put_object(Bucket=self.bucket, Key="rawData/customers/secret.csv", Body=b"1,a,b,c\n", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32))
        self.assertIn("HIVE_CANNOT_OPEN_SPLIT", self.failure("SELECT count(*) FROM customers"))

    def test_partition_projection_reads_partitions_the_catalog_does_not_list(self):
        self.assertEqual("SUCCEEDED", self.run_sql(f"CREATE DATABASE {self.db}", "default")["Status"]["State"])
        for dt, region, amount in [("2024-01-01", "eu", 1), ("2024-01-02", "eu", 2), ("2024-01-02", "us", 4), ("2024-01-09", "us", 8)]:
            self.s3.put_object(Bucket=self.bucket, Key=f"sales/dt={dt}/region={region}/part.csv", Body=f"{amount}\n".encode())
            self.s3.put_object(Bucket=self.bucket, Key=f"logs/{region}/{dt.replace('-', '/')}/part.csv", Body=f"{amount}\n".encode())
        projected = """CREATE EXTERNAL TABLE {name} (amount INT) PARTITIONED BY (dt STRING, region STRING)
            ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{bucket}/{folder}/'
            TBLPROPERTIES ('projection.enabled'='true', 'projection.dt.type'='date', 'projection.dt.format'='{format}',
                           'projection.dt.range'='{start},{end}', 'projection.region.type'='enum', 'projection.region.values'='eu,us'{template})"""
        self.assertEqual("SUCCEEDED", self.run_sql(projected.format(name="sales", bucket=self.bucket, folder="sales", format="yyyy-MM-dd", start="2024-01-01", end="2024-01-05", template=""))["Status"]["State"])
        # The range ends on 2024-01-05, so 2024-01-09 is outside the projection and not read.
        self.assertEqual([["total"], ["7"]], self.rows("SELECT sum(amount) AS total FROM sales"))
        self.assertEqual([["total"], ["6"]], self.rows("SELECT sum(amount) AS total FROM sales WHERE dt = '2024-01-02'"))

        # Pruning reaches through views that pass the key through (renamed or by *), but not through a LIMIT.
        def scanned(sql):
            execution = self.run_sql(sql)
            self.assertEqual("SUCCEEDED", execution["Status"]["State"], execution["Status"].get("StateChangeReason"))
            return execution["Statistics"]["DataScannedInBytes"]
        for view in ("CREATE VIEW sales_by_day AS SELECT amount, dt AS day, region FROM sales",
                     "CREATE VIEW all_sales AS SELECT * FROM (SELECT s.* FROM sales s WHERE amount > 0)",
                     "CREATE VIEW some_sales AS SELECT * FROM sales LIMIT 100"):
            self.assertEqual("SUCCEEDED", self.run_sql(view)["Status"]["State"])
        self.assertEqual(4, scanned("SELECT sum(amount) FROM sales WHERE dt = '2024-01-02'"))
        self.assertEqual(4, scanned("SELECT sum(amount) FROM sales_by_day WHERE day = '2024-01-02'"))
        self.assertEqual(2, scanned("SELECT sum(v.amount) FROM sales_by_day v WHERE v.day = '2024-01-02' AND v.region = 'us'"))
        self.assertEqual(4, scanned("SELECT sum(amount) FROM all_sales WHERE dt = '2024-01-02'"))
        self.assertEqual(6, scanned("SELECT sum(amount) FROM some_sales WHERE dt = '2024-01-02'"))
        self.assertEqual([["total"], ["6"]], self.rows("SELECT sum(amount) AS total FROM all_sales WHERE dt = '2024-01-02'"))
        self.assertEqual([["total"], ["6"]], self.rows("SELECT sum(amount) AS total FROM some_sales WHERE dt = '2024-01-02'"))
        template = f", 'storage.location.template'='s3://{self.bucket}/logs/${{region}}/${{dt}}/'"
        self.assertEqual("SUCCEEDED", self.run_sql(projected.format(name="logs", bucket=self.bucket, folder="logs", format="yyyy/MM/dd", start="2024/01/01", end="NOW", template=template))["Status"]["State"])
        # This range runs to NOW, so 2024-01-09 is read too.
        self.assertEqual([["region", "total"], ["eu", "3"], ["us", "12"]], self.rows("SELECT region, sum(amount) AS total FROM logs GROUP BY region ORDER BY region"))

        # Injected keys take their values from the query (Athena's dynamic ID partitioning), combined with other projected keys.
        for device, region, level in [("d-1", "eu", 10), ("d-2", "eu", 20), ("d-2", "us", 40), ("d-3", "us", 80)]:
            self.s3.put_object(Bucket=self.bucket, Key=f"devices/{device}/{region}/events.csv", Body=f"{level}\n".encode())
        self.assertEqual("SUCCEEDED", self.run_sql(
            f"CREATE EXTERNAL TABLE device_events (battery_level INT) PARTITIONED BY (device_id STRING, region STRING) "
            f"ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{self.bucket}/devices/' "
            f"TBLPROPERTIES ('projection.enabled'='true', 'projection.device_id.type'='injected', 'projection.region.type'='enum', "
            f"'projection.region.values'='eu,us', 'storage.location.template'='s3://{self.bucket}/devices/${{device_id}}/${{region}}')")["Status"]["State"])
        self.assertEqual([["device_id", "events", "level"], ["d-2", "2", "60"], ["d-3", "1", "80"]],
                         self.rows("SELECT device_id, count(*) AS events, sum(battery_level) AS level FROM device_events "
                                   "WHERE device_id IN ('d-2', 'd-3', 'd-9') GROUP BY device_id ORDER BY device_id"))
        self.assertEqual([["battery_level"], ["20"]], self.rows("SELECT battery_level FROM device_events WHERE 'd-2' = device_id AND region = 'eu'"))
        constraint = "CONSTRAINT_VIOLATION: For the injected projected partition column device_id, the WHERE clause must contain only static equality conditions"
        for where in ("", "WHERE device_id LIKE 'd-%'", "WHERE device_id = 'd-1' OR region = 'us'"):
            self.assertTrue(self.failure(f"SELECT count(*) FROM device_events {where}").startswith(constraint), where)

    def test_seed_tutorial_statements(self):
        self.assertEqual("SUCCEEDED", self.run_sql(f"CREATE DATABASE {self.db}", "default")["Status"]["State"])
        ddl = self.run_sql(TUTORIAL_CUSTOMERS.format(bucket=self.bucket))
        self.assertEqual("SUCCEEDED", ddl["Status"]["State"])
        self.assertEqual("DDL", ddl["StatementType"])
        self.assertEqual(6, len(self.rows("SELECT * FROM customers;")))  # header + 5 rows
        # The tutorial's table says "fistname": its queries on Firstname fail as they would on Athena.
        self.assertRegex(self.failure("SELECT Firstname FROM customers;"),
                         r"^COLUMN_NOT_FOUND: line 1:8: Column 'firstname' cannot be resolved")
        self.assertRegex(self.failure("SELECT CONCAT(firstname,lastname) AS full_name FROM customer;"),
                         rf"^TABLE_NOT_FOUND: line 1:53: Table 'awsdatacatalog\.{self.db}\.customer' does not exist")
        self.assertRegex(self.failure("SELECT * FROM order LEFT JOIN customers on customers.customerid = orders.customerid;"),
                         r"^SYNTAX_ERROR: line 1:15: mismatched input 'order'")
        self.assertEqual([["_col0"], ["5"]], self.rows("SELECT count(*) FROM customers"))
        self.assertEqual([["lastname"], ["Arthur"]], self.rows("SELECT lastname FROM customers WHERE customerid in (371)"))
        self.assertEqual([["fullname"], ["Jay Adams"], ["John Arthur"], ["John Doe"]],
                         self.rows("SELECT fullname FROM customers WHERE Fullname like 'J%' ORDER BY 1"))
        self.assertEqual([["lastname"], ["Abel"], ["Arthur"]], self.rows(
            "SELECT lastname FROM customers WHERE Customerid in (371) UNION SELECT lastname FROM customers WHERE Customerid in (293) ORDER BY 1"))
        self.assertEqual(6, len(self.rows("with cte as (SELECT fistname, lastname, CONCAT(fistname,' ',lastname) FROM customers) SELECT * FROM customers;")))
        # The employees DDL uses the reserved word "group" unquoted, which Athena's DDL parser rejects.
        reason = self.failure("CREATE EXTERNAL TABLE IF NOT EXISTS employees(\nemployeeid bigint,\ngroup string\n)\n"
                              "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','\nSTORED AS TEXTFILE\nLOCATION 's3://x/';")
        self.assertIn("line 3:1", reason)
        self.assertIn("'group'", reason)
        # The tutorial's INSERT names "firstname", a column its table calls "fistname".
        self.assertRegex(self.failure("INSERT INTO customers (customerid, firstname, lastname, fullname) values (1221,'John', 'Doe', 'John Doe');"),
                         r"^COLUMN_NOT_FOUND: line 1:1: Insert column name does not exist in target table: firstname")

    def test_hive_semantics_for_delimited_text(self):
        self.s3.put_object(Bucket=self.bucket, Key="typed/a.csv", Body=b"1,2.5,2024-01-02,x\nbad,,notadate\n3,1e3,2024-02-30,y,extra\n")
        self.s3.put_object(Bucket=self.bucket, Key="typed/_SUCCESS", Body=b"ignored")
        self.create_customers("CREATE EXTERNAL TABLE typed (id int, amount double, day date, tag string) "
                              "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{bucket}/typed/'")
        rows = self.rows("SELECT id, amount, day, tag FROM typed")
        self.assertEqual(["id", "amount", "day", "tag"], rows[0])
        self.assertCountEqual([["1", "2.5", "2024-01-02", "x"], [None, None, None, None], ["3", "1000.0", None, "y"]], rows[1:])

    def test_json_keys_match_columns_ignoring_case(self):
        # Events written with camelCase keys, as a Glue crawler would catalog them: lowercase columns.
        self.s3.put_object(Bucket=self.bucket, Key="events/a.json", Body=b'{"eventId": 1, "eventType": "click"}\n{"eventId": 2}\n')
        self.s3.put_object(Bucket=self.bucket, Key="events/b.json", Body=b'{"EVENTID": 3, "eventtype": "view"}\n{"EventId": 4, "EventType": "buy"}\n')
        self.create_customers("CREATE EXTERNAL TABLE events (eventid int, eventtype string) "
                              "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://{bucket}/events/'")
        self.assertEqual([["eventid", "eventtype"], ["1", "click"], ["2", None], ["3", "view"], ["4", "buy"]],
                         self.rows("SELECT eventid, eventtype FROM events ORDER BY eventid"))

        # Keys that collide once lowercased fail as the OpenX SerDe fails them.
        self.s3.put_object(Bucket=self.bucket, Key="dups/a.json", Body=b'{"url": "a", "URL": "b"}\n')
        self.assertEqual("SUCCEEDED", self.run_sql(f"CREATE EXTERNAL TABLE dups (url string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://{self.bucket}/dups/'")["Status"]["State"])
        self.assertRegex(self.failure("SELECT * FROM dups"), r"^HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Duplicate key")

        # case.insensitive = FALSE with a mapping tells the two apart, as Athena's documentation shows.
        self.assertEqual("SUCCEEDED", self.run_sql(
            "CREATE EXTERNAL TABLE dups_mapped (url string, url2 string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
            f"WITH SERDEPROPERTIES ('case.insensitive' = 'FALSE', 'mapping.url2' = 'URL') LOCATION 's3://{self.bucket}/dups/'")["Status"]["State"])
        self.assertEqual([["url", "url2"], ["a", "b"]], self.rows("SELECT url, url2 FROM dups_mapped"))

    def test_regex_and_grok_serdes_parse_log_lines(self):
        # Postfix maillog lines, as in Athena's Grok SerDe guide, plus one line no pattern matches.
        self.s3.put_object(Bucket=self.bucket, Key="maillog/a.log", Body=(
            b"Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]: B88C4120838: connect from unknown[192.168.55.4]\n"
            b"Feb  9 07:15:03 m4eastmail postfix/cleanup[22835]: BDC22A77854: message-id=<3122@m4eastmail.example.com>\r\n"
            b"not a syslog line\n"))
        self.create_customers("CREATE EXTERNAL TABLE mygroktable (syslogbase string, queue_id string, syslog_message string, pid int, program string) "
                              "ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe' WITH SERDEPROPERTIES ("
                              "'input.grokCustomPatterns' = 'POSTFIX_QUEUEID [0-9A-F]{{7,12}}', "
                              "'input.format' = '%{{SYSLOGBASE}} %{{POSTFIX_QUEUEID:queue_id}}: %{{GREEDYDATA:syslog_message}}') "
                              "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' "
                              "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' LOCATION 's3://{bucket}/maillog/'")
        self.assertEqual([
            ["syslogbase", "queue_id", "syslog_message", "pid", "program"],
            ["Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]:", "B88C4120838", "connect from unknown[192.168.55.4]", "19305", "postfix/smtpd"],
            ["Feb  9 07:15:03 m4eastmail postfix/cleanup[22835]:", "BDC22A77854", "message-id=<3122@m4eastmail.example.com>", "22835", "postfix/cleanup"],
            [None, None, None, None, None],
        ], self.rows("SELECT * FROM mygroktable ORDER BY pid NULLS LAST"))

        # RegexSerDe: Hive string escapes (\\s is \s), the whole line must match, groups fill columns in order.
        self.s3.put_object(Bucket=self.bucket, Key="access/a.log", Body=(
            b"#Version: 1.0\n2014-07-05 20:00:00 LHR3 4260 10.0.0.15 GET /test-image-1.jpeg 200\n"
            b"2014-07-05 20:00:01 SEA4 10 10.0.0.9 POST /form 404\n"))
        self.assertEqual("SUCCEEDED", self.run_sql(
            "CREATE EXTERNAL TABLE access_logs (`date` DATE, `time` STRING, location STRING, bytes INT, requestip STRING, method STRING, uri STRING, status INT) "
            "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ("
            "\"input.regex\" = \"^(?!#)([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)\\\\s+([^ ]+)$\") "
            f"LOCATION 's3://{self.bucket}/access/'")["Status"]["State"])
        self.assertEqual([["date", "location", "bytes", "status"], [None, None, None, None],
                          ["2014-07-05", "LHR3", "4260", "200"], ["2014-07-05", "SEA4", "10", "404"]],
                         self.rows("SELECT \"date\", location, bytes, status FROM access_logs ORDER BY bytes DESC NULLS FIRST"))
        table = client("glue").get_table(DatabaseName=self.db, Name="access_logs")["Table"]
        # The stored property is the Java expression, its Hive escapes resolved.
        self.assertTrue(table["StorageDescriptor"]["SerdeInfo"]["Parameters"]["input.regex"].startswith("^(?!#)([^ ]+)\\s+([^ ]+)"))

        # A pattern that does not compile fails the query with Athena's error, not an internal one.
        for name, serde, prop in (("bad_grok", "com.amazonaws.glue.serde.GrokSerDe", "'input.format' = '%{NOSUCHPATTERN:x}'"),
                                  ("bad_regex", "org.apache.hadoop.hive.serde2.RegexSerDe", "'input.regex' = '([a-z'")):
            self.assertEqual("SUCCEEDED", self.run_sql(f"CREATE EXTERNAL TABLE {name} (x string) ROW FORMAT SERDE '{serde}' "
                                                       f"WITH SERDEPROPERTIES ({prop}) LOCATION 's3://{self.bucket}/access/'")["Status"]["State"])
            self.assertRegex(self.failure(f"SELECT * FROM {name}"), r"^HIVE_INVALID_METADATA: ")

        # Neither can be written to, as in Athena.
        self.assertRegex(self.failure("INSERT INTO access_logs VALUES (DATE '2024-01-01', 't', 'l', 1, 'ip', 'GET', '/', 200)"),
                         r"^HIVE_UNSUPPORTED_FORMAT: .*RegexSerDe is not supported")

    def test_nested_values_in_delimited_text_use_hives_separators(self):
        # Array items and struct fields split by the collection delimiter, map entries too and their
        # keys by the map-key delimiter; one level down, the map-key delimiter splits struct fields.
        self.s3.put_object(Bucket=self.bucket, Key="nested/part-0", Body=(
            b"1,a|b|c,x:1|y:2,Oslo|123,s1:2|s2:5\n"
            b"2,,\\N,Rome,\\N\n"
            b"3,a|\\N,k:7|k:8,|9,\n"))
        self.create_customers(
            "CREATE EXTERNAL TABLE nested (id int, tags array<string>, attrs map<string,int>, addr struct<city:string,zip:int>, "
            "lines array<struct<sku:string,qty:int>>) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' "
            "MAP KEYS TERMINATED BY ':' LOCATION 's3://{bucket}/nested/'")
        expected = [["id", "tags", "attrs", "addr", "lines"],
                    ["1", "[a, b, c]", "{x=1, y=2}", "{city=Oslo, zip=123}", "[{sku=s1, qty=2}, {sku=s2, qty=5}]"],
                    ["2", "[]", None, "{city=Rome, zip=null}", None],
                    ["3", "[a, null]", "{k=7}", "{city=, zip=9}", "[]"]]
        self.assertEqual(expected, self.rows("SELECT * FROM nested ORDER BY id"))
        self.assertEqual([["_col0", "_col1"], ["c", "5"]], self.rows("SELECT tags[3], lines[2].qty FROM nested WHERE id = 1"))

        # CTAS writes them back in Hive's form, with Hive's default separators (\002, \003), and reads them back.
        self.assertEqual("SUCCEEDED", self.run_sql(
            f"CREATE TABLE nested_copy WITH (format = 'TEXTFILE', field_delimiter = ',', write_compression = 'NONE', "
            f"external_location = 's3://{self.bucket}/nested_copy/') AS SELECT * FROM nested")["Status"]["State"])
        [key] = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket, Prefix="nested_copy/")["Contents"]]
        lines = sorted(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read().split(b"\n"))
        self.assertIn(b"1,a\x02b\x02c,x\x031\x02y\x032,Oslo\x02123,s1\x032\x02s2\x035", lines)
        self.assertIn(b"3,a\x02\\N,k\x037,\x029,", lines)
        self.assertEqual(expected, self.rows("SELECT * FROM nested_copy ORDER BY id"))

    def test_hidden_columns_name_each_rows_object(self):
        self.create_customers()
        self.s3.put_object(Bucket=self.bucket, Key="rawData/customers/more/late.csv", Body=b"401,Ann,Lee,Ann Lee\n")
        source = f"s3://{self.bucket}/rawData/customers/customers.csv"
        self.assertEqual([["$path", "rows", "$file_size"], [source, "5", str(len(CUSTOMERS))],
                          [f"s3://{self.bucket}/rawData/customers/more/late.csv", "1", "20"]],
                         self.rows('SELECT "$path", count(*) AS rows, "$file_size" FROM customers GROUP BY 1, 3 ORDER BY 1'))
        # A star leaves the hidden columns out, even beside them; a subquery's star keeps what it selected.
        self.assertEqual([["customerid", "firstname", "lastname", "fullname", "$path"], ["401", "Ann", "Lee", "Ann Lee", f"s3://{self.bucket}/rawData/customers/more/late.csv"]],
                         self.rows('SELECT *, "$path" FROM customers WHERE "$path" LIKE \'%late.csv\''))
        self.assertEqual([["customerid", "p"], ["401", "late.csv"]],
                         self.rows('SELECT * FROM (SELECT c.customerid, element_at(split(c."$path", \'/\'), -1) AS p FROM customers c) WHERE p LIKE \'late%\''))
        modified = self.s3.head_object(Bucket=self.bucket, Key="rawData/customers/more/late.csv")["LastModified"]
        [[_], [when]] = self.rows('SELECT "$file_modified_time" FROM customers WHERE customerid = 401')
        self.assertEqual(modified.strftime("%Y-%m-%d %H:%M:%S"), when[:19])
        self.assertTrue(when.endswith(" UTC"), when)
        self.assertEqual([["customerid"]], self.rows('SELECT customerid FROM customers WHERE "$path" = \'s3://nowhere/x\''))

    def test_avro_tables_read_every_codec(self):
        # Written by a real Avro writer (avsc), null, deflate and snappy codecs, 2,500 records each.
        fixtures = pathlib.Path(__file__).resolve().parents[1] / "Basin.Tests" / "Fixtures" / "avro"
        for codec in ("null", "deflate", "snappy"):
            self.s3.put_object(Bucket=self.bucket, Key=f"orders/{codec}.avro", Body=(fixtures / f"orders-{codec}.avro").read_bytes())
        self.create_customers(
            "CREATE EXTERNAL TABLE orders (id bigint, customer string, qty int, price decimal(10,2), ratio double, score float, paid boolean, "
            "note string, status string, tags array<string>, attrs map<string,int>, address struct<city:string,zip:int>, `day` date, `at` timestamp) "
            "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.avro.AvroSerDe' STORED AS AVRO LOCATION 's3://{bucket}/orders/'")
        self.assertEqual([["_col0", "_col1", "_col2"], ["7500", "2500", "1875"]],
                         self.rows("SELECT count(*), count(DISTINCT id), count_if(status = 'SHIPPED') FROM orders"))
        self.assertEqual([["id", "price", "note", "tags", "k", "city", "day", "at"],
                          ["3", "-3.03", None, "[t0, x]", "3", "Oslo", "2024-01-04", "2024-01-02 03:04:08.000"],
                          ["4", "4.04", "n4", "[t1, x]", "4", "Rome", "2024-01-05", "2024-01-02 03:04:09.000"]],
                         self.rows("SELECT DISTINCT id, price, note, tags, attrs['k'] AS k, address.city, \"day\", \"at\" FROM orders "
                                   "WHERE id IN (3, 4) ORDER BY id"))
        self.assertEqual([["_col0"], ["3149939.52"]], self.rows("SELECT sum(price) FROM orders"))
        self.assertRegex(self.failure("INSERT INTO orders (id) VALUES (1)"), r"^HIVE_UNSUPPORTED_FORMAT: ")
        self.assertRegex(self.failure("CREATE TABLE orders_copy WITH (format = 'AVRO') AS SELECT * FROM orders"), r"^NOT_SUPPORTED: ")
        self.s3.put_object(Bucket=self.bucket, Key="orders/broken.avro", Body=b"Obj\x01 not really")
        self.assertRegex(self.failure("SELECT count(*) FROM orders"), r"^HIVE_CURSOR_ERROR: ")

    def test_trino_functions_and_types(self):
        self.create_customers()
        row = self.rows(
            "SELECT 7/2, transform(ARRAY[1,2], x -> x * 10), reduce(ARRAY[1,2,3], 0, (s, x) -> s + x, s -> s), "
            "regexp_replace('a-b-c', '-', '+'), CONCAT('a', NULL), date_format(TIMESTAMP '2024-01-02 03:04:05', '%Y/%m/%d %H:%i'), "
            "CAST(1 AS DOUBLE), 1e7, DECIMAL '12.50', MAP(ARRAY['k'], ARRAY[1]), CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR))"
        )[1]
        self.assertEqual(["3", "[10, 20]", "6", "a+b+c", None, "2024/01/02 03:04", "1.0", "1.0E7", "12.50", "{k=1}", "{a=1, b=x}"], row)

    def test_sandbox_refuses_files_outside_catalog_tables(self):
        self.create_customers()
        self.assertRegex(self.failure("SELECT * FROM read_csv('/etc/passwd')"), r"^FUNCTION_NOT_FOUND: .*Table function 'read_csv' not registered")
        self.assertRegex(self.failure("SELECT * FROM duckdb_settings()"), r"^FUNCTION_NOT_FOUND")

    def test_show_describe_and_metadata(self):
        self.create_customers()
        self.assertEqual([["customers"]], self.rows("SHOW TABLES"))
        execution = self.run_sql("DESCRIBE customers")
        self.assertEqual("UTILITY", execution["StatementType"])
        described = self.rows("DESCRIBE customers")
        self.assertTrue(described[0][0].startswith("customerid"))
        self.assertIn(self.db, [r[0] for r in self.rows("SHOW DATABASES")])
        table = self.athena.get_table_metadata(CatalogName="AwsDataCatalog", DatabaseName=self.db, TableName="customers")["TableMetadata"]
        self.assertEqual(["customerid", "firstname", "lastname", "fullname"], [c["Name"] for c in table["Columns"]])
        names = [t["Name"] for t in self.athena.list_table_metadata(CatalogName="AwsDataCatalog", DatabaseName=self.db)["TableMetadataList"]]
        self.assertEqual(["customers"], names)
        # The table Athena created is a Glue table Glue reads back.
        glue_table = client("glue").get_table(DatabaseName=self.db, Name="customers")["Table"]
        self.assertEqual("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", glue_table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"])
        self.assertEqual("SUCCEEDED", self.run_sql("DROP TABLE customers")["Status"]["State"])
        self.assertRegex(self.failure("SELECT * FROM customers"), "^TABLE_NOT_FOUND")

    def test_lifecycle_errors_paging_and_idempotency(self):
        self.create_customers()
        token = uuid.uuid4().hex
        first = self.start("SELECT * FROM customers", ClientRequestToken=token)
        self.assertEqual(first, self.start("SELECT * FROM customers", ClientRequestToken=token))
        self.wait(first)
        page1 = self.athena.get_query_results(QueryExecutionId=first, MaxResults=4)
        self.assertEqual(4, len(page1["ResultSet"]["Rows"]))
        page2 = self.athena.get_query_results(QueryExecutionId=first, MaxResults=4, NextToken=page1["NextToken"])
        self.assertEqual(2, len(page2["ResultSet"]["Rows"]))
        self.assertNotIn("NextToken", page2)
        batch = self.athena.batch_get_query_execution(QueryExecutionIds=[first, "00000000-0000-0000-0000-000000000000"])
        self.assertEqual([first], [q["QueryExecutionId"] for q in batch["QueryExecutions"]])
        self.assertEqual(1, len(batch["UnprocessedQueryExecutionIds"]))
        self.assertIn(first, self.athena.list_query_executions()["QueryExecutionIds"])
        self.assertEqual("InvalidRequestException", self.code(self.athena.get_query_execution, QueryExecutionId="nope"))
        self.assertEqual("InvalidRequestException", self.code(
            self.athena.start_query_execution, QueryString="SELECT 1", WorkGroup="primary"))  # no output location
        failed = self.run_sql("SELECT nothing FROM customers")
        self.assertEqual(2, failed["Status"]["AthenaError"]["ErrorCategory"])
        self.assertEqual("InvalidRequestException", self.code(self.athena.get_query_results, QueryExecutionId=failed["QueryExecutionId"]))
        qid = self.start("SELECT lastname FROM customers WHERE customerid = ?", ExecutionParameters=["371"])
        self.assertEqual("SUCCEEDED", self.wait(qid)["Status"]["State"])
        self.assertEqual("Arthur", self.athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"][1]["Data"][0]["VarCharValue"])

    def test_workgroup_output_location_and_cli(self):
        self.create_customers()
        name = "wg-" + uuid.uuid4().hex[:8]
        self.athena.create_work_group(Name=name, Configuration={"ResultConfiguration": {"OutputLocation": f"s3://{self.bucket}/wg/"}})
        self.assertIn(name, [w["Name"] for w in self.athena.list_work_groups()["WorkGroups"]])
        started = aws_json("athena", "start-query-execution", "--query-string", "SELECT count(*) FROM customers",
                           "--work-group", name, "--query-execution-context", f"Database={self.db}")
        execution = self.wait(started["QueryExecutionId"])
        self.assertTrue(execution["ResultConfiguration"]["OutputLocation"].startswith(f"s3://{self.bucket}/wg/"))
        results = aws_json("athena", "get-query-results", "--query-execution-id", started["QueryExecutionId"])
        self.assertEqual("5", results["ResultSet"]["Rows"][1]["Data"][0]["VarCharValue"])
        self.assertEqual("InvalidRequestException", self.code(self.athena.create_work_group, Name=name))
        self.athena.delete_work_group(WorkGroup=name)
        self.assertEqual("InvalidRequestException", self.code(self.athena.get_work_group, WorkGroup=name))

    def succeed(self, sql):
        execution = self.run_sql(sql)
        self.assertEqual("SUCCEEDED", execution["Status"]["State"], execution["Status"].get("StateChangeReason"))
        return execution

    def keys(self, prefix):
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix).get("Contents", [])
        return [o["Key"] for o in listed]

    def test_ctas_insert_and_unload_write_real_objects(self):
        self.create_customers()
        ctas = self.succeed(f"CREATE TABLE by_name WITH (format = 'PARQUET', external_location = 's3://{self.bucket}/by_name/', "
                            "partitioned_by = ARRAY['firstname']) AS SELECT customerid, lastname, firstname FROM customers")
        self.assertEqual("DML", ctas["StatementType"])
        self.assertEqual(5, self.athena.get_query_results(QueryExecutionId=ctas["QueryExecutionId"])["UpdateCount"])
        # One Hive folder per partition, registered in Glue; the manifest lists what was written.
        files = self.keys("by_name/")
        self.assertEqual(4, len({k.split("/")[1] for k in files}))
        self.assertTrue(all(k.split("/")[1].startswith("firstname=") for k in files))
        manifest = self.s3.get_object(Bucket=self.bucket, Key=f"athena/{ctas['QueryExecutionId']}-manifest.csv")["Body"].read().decode().split()
        self.assertCountEqual([f"s3://{self.bucket}/{k}" for k in files], manifest)
        partitions = client("glue").get_partitions(DatabaseName=self.db, TableName="by_name")["Partitions"]
        self.assertCountEqual([["Catherine"], ["Jay"], ["John"], ["Kim"]], [p["Values"] for p in partitions])
        self.assertEqual([["firstname=Catherine"], ["firstname=Jay"], ["firstname=John"], ["firstname=Kim"]], self.rows("SHOW PARTITIONS by_name"))

        # Partition pruning: a filter on the partition key reads only that partition's objects.
        everything = self.succeed("SELECT count(*) FROM by_name")["Statistics"]["DataScannedInBytes"]
        johns = self.succeed("SELECT count(*) FROM by_name WHERE firstname = 'John'")
        john_size = sum(o["Size"] for o in self.s3.list_objects_v2(Bucket=self.bucket, Prefix="by_name/firstname=John/")["Contents"])
        self.assertEqual(john_size, johns["Statistics"]["DataScannedInBytes"])
        self.assertLess(john_size, everything)
        self.assertEqual([["_col0"], ["2"]], self.rows("SELECT count(*) FROM by_name WHERE firstname = 'John'"))

        # INSERT INTO adds new objects (and a new partition) without touching the old ones.
        insert = self.succeed("INSERT INTO by_name SELECT 999, 'Zed', 'Zoe'")
        self.assertEqual(1, self.athena.get_query_results(QueryExecutionId=insert["QueryExecutionId"])["UpdateCount"])
        self.assertEqual([["customerid", "lastname", "firstname"], ["999", "Zed", "Zoe"]], self.rows("SELECT * FROM by_name WHERE firstname = 'Zoe'"))
        self.assertRegex(self.failure("INSERT INTO customers VALUES (1, 'x')"), r"^TYPE_MISMATCH: .*Insert query has mismatched column types")
        text = self.succeed("INSERT INTO customers VALUES (500, 'Ann', 'Lee', 'Ann Lee')")
        self.assertEqual([["_col0"], ["6"]], self.rows("SELECT count(*) FROM customers"))
        self.assertTrue(any(k.endswith(".gz") for k in self.keys("rawData/customers/")), text)

        # CTAS into text with a delimiter; WITH NO DATA creates only the table.
        self.succeed("CREATE TABLE piped WITH (format = 'TEXTFILE', field_delimiter = '|') AS SELECT customerid, fullname FROM customers WHERE customerid < 295")
        self.assertEqual([["customerid", "fullname"], ["293", "Catherine Abel"]], self.rows("SELECT * FROM piped"))
        self.succeed("CREATE TABLE empty_copy AS SELECT * FROM customers WITH NO DATA")
        self.assertEqual([["_col0"], ["0"]], self.rows("SELECT count(*) FROM empty_copy"))
        self.assertRegex(self.failure("CREATE TABLE piped AS SELECT 1 AS x"), r"^TABLE_ALREADY_EXISTS")
        self.assertRegex(self.failure("CREATE TABLE lzo WITH (write_compression = 'LZO') AS SELECT 1 AS x"), r"^NOT_SUPPORTED: Compression LZO")
        self.assertRegex(self.failure("CREATE TABLE orc WITH (format = 'ORC') AS SELECT 1 AS x"), r"^NOT_SUPPORTED: Format ORC")
        self.assertRegex(self.failure(f"CREATE TABLE again WITH (external_location = 's3://{self.bucket}/by_name/') AS SELECT 1 AS x"), r"^HIVE_PATH_ALREADY_EXISTS")

        # UNLOAD writes JSON objects and no table.
        unload = self.succeed(f"UNLOAD (SELECT customerid, lastname FROM customers WHERE customerid > 375) TO 's3://{self.bucket}/unload/' WITH (format = 'JSON', compression = 'NONE')")
        self.assertEqual(3, self.athena.get_query_results(QueryExecutionId=unload["QueryExecutionId"])["UpdateCount"])
        body = b"".join(self.s3.get_object(Bucket=self.bucket, Key=k)["Body"].read() for k in self.keys("unload/")).decode()
        self.assertIn('{"customerid":377,"lastname":"Adams"}', body)

    def test_views_are_athena_views_in_glue(self):
        self.create_customers()
        self.succeed("CREATE VIEW johns AS SELECT customerid, fullname FROM customers WHERE firstname = 'John'")
        self.assertEqual([["fullname"], ["John Arthur"], ["John Doe"]], self.rows("SELECT fullname FROM johns ORDER BY 1"))
        table = client("glue").get_table(DatabaseName=self.db, Name="johns")["Table"]
        self.assertEqual("VIRTUAL_VIEW", table["TableType"])
        self.assertTrue(table["ViewOriginalText"].startswith("/* Presto View: "))
        self.assertEqual([("customerid", "bigint"), ("fullname", "string")], [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]])
        self.assertEqual([["johns"]], self.rows("SHOW VIEWS"))
        self.succeed("CREATE OR REPLACE VIEW johns AS SELECT fullname FROM customers WHERE firstname = 'John' AND customerid > 375")
        self.assertEqual([["fullname"], ["John Doe"]], self.rows("SELECT * FROM johns"))
        self.assertRegex(self.failure("CREATE VIEW johns AS SELECT 1 AS x"), "already exists")
        self.assertIn("Cannot drop a view with DROP TABLE", self.failure("DROP TABLE johns"))
        self.succeed("DROP VIEW johns")
        self.assertRegex(self.failure("SELECT * FROM johns"), "^TABLE_NOT_FOUND")

    def test_partition_ddl_and_msck_repair(self):
        self.create_customers()
        for day in ("2024-01-01", "2024-01-02"):
            self.s3.put_object(Bucket=self.bucket, Key=f"events/dt={day}/part.csv", Body=b"1,a\n2,b\n")
        self.s3.put_object(Bucket=self.bucket, Key="elsewhere/part.csv", Body=b"9,z\n")
        self.succeed(f"CREATE EXTERNAL TABLE events (id int, tag string) PARTITIONED BY (dt string) "
                     f"ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{self.bucket}/events/'")
        self.assertEqual([["_col0"], ["0"]], self.rows("SELECT count(*) FROM events"))
        repair = self.rows("MSCK REPAIR TABLE events")
        self.assertIn(["Repair: Added partition to metastore events:dt=2024-01-02"], repair)
        self.assertEqual([["_col0"], ["4"]], self.rows("SELECT count(*) FROM events"))
        self.succeed(f"ALTER TABLE events ADD PARTITION (dt = '2024-02-01') LOCATION 's3://{self.bucket}/elsewhere/'")
        self.assertEqual([["id", "tag", "dt"], ["9", "z", "2024-02-01"]], self.rows("SELECT * FROM events WHERE dt = '2024-02-01'"))
        self.assertIn("AlreadyExistsException", self.failure("ALTER TABLE events ADD PARTITION (dt = '2024-02-01')"))
        self.succeed("ALTER TABLE events ADD IF NOT EXISTS PARTITION (dt = '2024-02-01')")
        self.succeed("ALTER TABLE events DROP PARTITION (dt = '2024-01-01')")
        self.assertIn("Partition not found", self.failure("ALTER TABLE events DROP PARTITION (dt = '2024-01-01')"))
        self.assertEqual([["dt=2024-01-02"], ["dt=2024-02-01"]], self.rows("SHOW PARTITIONS events"))

    def test_show_create_table_round_trips(self):
        self.create_customers()
        ddl = "\n".join(r[0] for r in self.rows("SHOW CREATE TABLE customers"))
        self.assertTrue(ddl.startswith(f"CREATE EXTERNAL TABLE `{self.db}`.`customers`("))
        self.succeed(ddl.replace("`customers`", "`customers_copy`"))
        self.assertEqual(self.rows("SELECT * FROM customers ORDER BY 1"), self.rows("SELECT * FROM customers_copy ORDER BY 1"))
        self.assertIn(["EXTERNAL\tTRUE"], self.rows("SHOW TBLPROPERTIES customers"))
        plan = self.rows("EXPLAIN SELECT count(*) FROM customers")
        self.assertTrue(len(plan) > 1)

    def test_prepared_statements_and_named_queries(self):
        self.create_customers()
        self.succeed("PREPARE by_id FROM SELECT fullname FROM customers WHERE customerid = ?")
        self.assertEqual([["fullname"], ["John Arthur"]], self.rows("EXECUTE by_id USING 371"))
        qid = self.start("EXECUTE by_id", ExecutionParameters=["381"])
        self.assertEqual("SUCCEEDED", self.wait(qid)["Status"]["State"])
        self.assertEqual("John Doe", self.athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"][1]["Data"][0]["VarCharValue"])
        statement = self.athena.get_prepared_statement(StatementName="by_id", WorkGroup="primary")["PreparedStatement"]
        self.assertEqual("SELECT fullname FROM customers WHERE customerid = ?", statement["QueryStatement"])
        self.athena.create_prepared_statement(StatementName="by_name", WorkGroup="primary", QueryStatement="SELECT * FROM customers WHERE lastname = ?")
        self.assertEqual("InvalidRequestException", self.code(
            self.athena.create_prepared_statement, StatementName="by_name", WorkGroup="primary", QueryStatement="SELECT 1"))
        names = [p["StatementName"] for p in self.athena.list_prepared_statements(WorkGroup="primary")["PreparedStatements"]]
        self.assertTrue({"by_id", "by_name"} <= set(names))
        self.succeed("DEALLOCATE PREPARE by_id")
        self.assertEqual("ResourceNotFoundException", self.code(self.athena.get_prepared_statement, StatementName="by_id", WorkGroup="primary"))
        self.athena.delete_prepared_statement(StatementName="by_name", WorkGroup="primary")
        self.assertRegex(self.failure("EXECUTE by_id USING 1"), "Prepared statement not found: by_id")

        token = uuid.uuid4().hex
        named = self.athena.create_named_query(Name="johns", Database=self.db, QueryString="SELECT 1", ClientRequestToken=token)["NamedQueryId"]
        self.assertEqual(named, self.athena.create_named_query(Name="johns", Database=self.db, QueryString="SELECT 1", ClientRequestToken=token)["NamedQueryId"])
        self.assertIn(named, self.athena.list_named_queries()["NamedQueryIds"])
        self.assertEqual("johns", self.athena.get_named_query(NamedQueryId=named)["NamedQuery"]["Name"])
        self.athena.delete_named_query(NamedQueryId=named)
        self.assertEqual("InvalidRequestException", self.code(self.athena.get_named_query, NamedQueryId=named))

    def test_basin_sql_runs_through_athena(self):
        self.create_customers()
        port = os.environ["BASIN_ENDPOINT"].rsplit(":", 1)[1]
        cli = os.path.join(os.path.dirname(__file__), "..", "..", "src", "Basin.Cli", "bin", "Release", "net10.0", "basin.dll")

        def basin_sql(*args, stdin=None):
            return subprocess.run(["dotnet", cli, "sql", "--port", port, "--database", self.db, "--output-location", self.output, *args],
                                  input=stdin, capture_output=True, text=True, timeout=60)

        csv = basin_sql("-o", "csv", "SELECT customerid, fullname FROM customers WHERE customerid < 300 ORDER BY 1")
        self.assertEqual(0, csv.returncode, csv.stderr)
        self.assertEqual("customerid,fullname\n293,Catherine Abel\n295,Kim Abercrombie\n", csv.stdout)
        table = basin_sql(stdin="SELECT count(*) AS n FROM customers;\nSELECT missing FROM customers;")
        self.assertEqual(1, table.returncode)
        self.assertIn(" n\n---\n 5\n(1 row)", table.stdout)
        self.assertIn("COLUMN_NOT_FOUND", table.stderr)


if __name__ == "__main__":
    unittest.main()
