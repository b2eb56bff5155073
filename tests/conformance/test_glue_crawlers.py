"""Glue crawlers through boto3 and the AWS CLI: they read the lake's objects and write the tables a real crawler would."""
import bz2
import gzip
import json
import pathlib
import time
import unittest
import uuid

from clients import AwsTestCase, aws, aws_json, client

ROLE = "arn:aws:iam::000000000000:role/AWSGlueServiceRole-tutorial"

# The seed tutorial's rawData: employees and orders uploaded with a header row, customers without.
CUSTOMERS = "293,Catherine,Abel,Catherine Abel\n295,Kim,Abercrombie,Kim Abercrombie\n297,Humberto,Acevedo,Humberto Acevedo\n"
EMPLOYEES = (
    "EmployeeID,ManagerID,FirstName,LastName,FullName,JobTitle,OrganizationLevel,MaritalStatus,Gender,Territory,Country,Group\n"
    "276,274,Linda,Mitchell,Linda Mitchell,Sales Representative,3,M,F,Southwest,US,North America\n"
    "277,274,Jillian,Carson,Jillian Carson,Sales Representative,3,S,F,Central,US,North America\n"
    "275,274,Michael,Blythe,Michael Blythe,Sales Representative,3,S,M,Northeast,US,North America\n"
)
ORDERS = (
    "SalesOrderID,SalesOrderDetailID,OrderDate,DueDate,ShipDate,EmployeeID,CustomerID,SubTotal,TaxAmt,Freight,TotalDue,ProductID,OrderQty,UnitPrice,UnitPriceDiscount,LineTotal\n"
    "71782,110667,5/1/2014,5/13/2014,5/8/2014,276,293,33319.986,3182.8264,994.6333,37497.4457,714,3,29.994,0,89.982\n"
    "44110,1732,8/1/2011,8/13/2011,8/8/2011,277,295,16667.3077,1600.6864,500.2145,18768.2086,765,2,419.4589,0,838.9178\n"
    "44131,2005,8/1/2011,8/13/2011,8/8/2011,275,297,20514.2859,1966.5222,614.5382,23095.3463,709,6,5.7,0,34.2\n"
)


def columns(table):
    return [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]


class GlueCrawlerTests(AwsTestCase):
    def setUp(self):
        self.glue = client("glue")
        self.s3 = client("s3")
        self.bucket = "crawl-" + uuid.uuid4().hex[:10]
        self.db = "raw_" + uuid.uuid4().hex[:8]
        self.s3.create_bucket(Bucket=self.bucket)

    def put(self, key, body):
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode() if isinstance(body, str) else body)

    def crawl(self, name, **definition):
        definition.setdefault("DatabaseName", self.db)
        self.glue.create_crawler(Name=name, Role=ROLE, **definition)
        return self.run_crawler(name)

    def run_crawler(self, name):
        self.glue.start_crawler(Name=name)
        deadline = time.time() + 30
        while time.time() < deadline:
            crawler = self.glue.get_crawler(Name=name)["Crawler"]
            if crawler["State"] == "READY" and "LastCrawl" in crawler:
                return crawler
            time.sleep(0.05)
        self.fail(f"crawler {name} did not finish")

    def athena_rows(self, sql):
        """Runs sql through Athena in the crawler's database and returns the result rows, header first."""
        athena = client("athena")
        qid = athena.start_query_execution(QueryString=sql, QueryExecutionContext={"Database": self.db},
                                           ResultConfiguration={"OutputLocation": f"s3://{self.bucket}/athena/"})["QueryExecutionId"]
        deadline = time.time() + 30
        while athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]["State"] in ("QUEUED", "RUNNING") and time.time() < deadline:
            time.sleep(0.05)
        status = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
        self.assertEqual("SUCCEEDED", status["State"], status.get("StateChangeReason"))
        return [[d.get("VarCharValue") for d in r["Data"]] for r in athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"]]

    def tables(self):
        return {t["Name"]: t for page in self.glue.get_paginator("get_tables").paginate(DatabaseName=self.db) for t in page["TableList"]}

    def test_tutorial_raw_data(self):
        self.put("rawData/customers/customers.csv", CUSTOMERS)
        self.put("rawData/employees/employees.csv", EMPLOYEES)
        self.put("rawData/orders/orders.csv", ORDERS)
        crawler = self.crawl("tutorial-" + self.db, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/rawData/"}]})
        self.assertEqual(crawler["LastCrawl"]["Status"], "SUCCEEDED")
        tables = self.tables()
        self.assertEqual(sorted(tables), ["customers", "employees", "orders"])
        self.assertEqual(columns(tables["customers"]), [("col0", "bigint"), ("col1", "string"), ("col2", "string"), ("col3", "string")])
        self.assertEqual(columns(tables["employees"]), [
            ("employeeid", "bigint"), ("managerid", "bigint"), ("firstname", "string"), ("lastname", "string"), ("fullname", "string"),
            ("jobtitle", "string"), ("organizationlevel", "bigint"), ("maritalstatus", "string"), ("gender", "string"),
            ("territory", "string"), ("country", "string"), ("group", "string")])
        self.assertEqual(columns(tables["orders"]), [
            ("salesorderid", "bigint"), ("salesorderdetailid", "bigint"), ("orderdate", "string"), ("duedate", "string"),
            ("shipdate", "string"), ("employeeid", "bigint"), ("customerid", "bigint"), ("subtotal", "double"), ("taxamt", "double"),
            ("freight", "double"), ("totaldue", "double"), ("productid", "bigint"), ("orderqty", "bigint"), ("unitprice", "double"),
            ("unitpricediscount", "bigint"), ("linetotal", "double")])
        orders = tables["orders"]
        self.assertEqual(orders["StorageDescriptor"]["Location"], f"s3://{self.bucket}/rawData/orders/")
        self.assertEqual(orders["StorageDescriptor"]["SerdeInfo"], {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "Parameters": {"field.delim": ","}})
        self.assertEqual(orders["StorageDescriptor"]["InputFormat"], "org.apache.hadoop.mapred.TextInputFormat")
        params = orders["Parameters"]
        self.assertEqual((params["classification"], params["delimiter"], params["skip.header.line.count"], params["compressionType"], params["objectCount"]),
                         ("csv", ",", "1", "none", "1"))
        self.assertEqual(params["UPDATED_BY_CRAWLER"], "tutorial-" + self.db)
        self.assertEqual(params["sizeKey"], str(len(ORDERS)))
        self.assertEqual(params["recordCount"], "3")
        self.assertNotIn("skip.header.line.count", tables["customers"]["Parameters"])
        self.assertEqual(tables["customers"]["TableType"], "EXTERNAL_TABLE")
        self.assertEqual(tables["customers"]["PartitionKeys"], [])

        # A second crawl over unchanged data changes nothing; metrics and history say so.
        self.run_crawler("tutorial-" + self.db)
        self.assertEqual(self.glue.get_table(DatabaseName=self.db, Name="orders")["Table"]["VersionId"], "0")
        metrics = self.glue.get_crawler_metrics(CrawlerNameList=["tutorial-" + self.db])["CrawlerMetricsList"][0]
        self.assertEqual((metrics["TablesCreated"], metrics["TablesUpdated"], metrics["TablesDeleted"]), (0, 0, 0))
        crawls = self.glue.list_crawls(CrawlerName="tutorial-" + self.db)["Crawls"]
        self.assertEqual([c["State"] for c in crawls], ["COMPLETED", "COMPLETED"])
        self.assertIn("3 tables created", crawls[0]["Summary"])

    def test_hive_and_unnamed_partitions(self):
        for year in ("2023", "2024"):
            for month in ("01", "02"):
                self.put(f"sales/year={year}/month={month}/part-0.json", json.dumps({"id": 1, "amount": 2.5, "tags": ["a"], "buyer": {"name": "x", "age": 3}}) + "\n")
        self.put("sales/_SUCCESS", "x")
        for day in ("a", "b", "c"):
            self.put(f"logs/{day}/events.csv", "ts,level,code\n2024-01-01 10:00:00,INFO,1\n2024-01-01 10:00:01,WARN,2\n")
        self.crawl("parts-" + self.db, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/sales/"}, {"Path": f"s3://{self.bucket}/logs"}]})
        tables = self.tables()
        self.assertEqual(sorted(tables), ["logs", "sales"])
        sales = tables["sales"]
        self.assertEqual(sales["PartitionKeys"], [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}])
        self.assertEqual(columns(sales), [("id", "int"), ("amount", "double"), ("tags", "array<string>"), ("buyer", "struct<name:string,age:int>")])
        self.assertEqual(sales["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], "org.openx.data.jsonserde.JsonSerDe")
        self.assertEqual(sales["Parameters"]["classification"], "json")
        parts = self.glue.get_partitions(DatabaseName=self.db, TableName="sales")["Partitions"]
        self.assertEqual(sorted(p["Values"] for p in parts), [["2023", "01"], ["2023", "02"], ["2024", "01"], ["2024", "02"]])
        located = {tuple(p["Values"]): p["StorageDescriptor"]["Location"] for p in parts}
        self.assertEqual(located[("2024", "02")], f"s3://{self.bucket}/sales/year=2024/month=02/")
        self.assertEqual(self.glue.get_partitions(DatabaseName=self.db, TableName="sales", Expression="year = '2024'")["Partitions"][0]["Values"][0], "2024")
        logs = tables["logs"]
        self.assertEqual(logs["PartitionKeys"], [{"Name": "partition_0", "Type": "string"}])
        self.assertEqual(columns(logs), [("ts", "timestamp"), ("level", "string"), ("code", "bigint")])

    def test_exclusions_compression_delimiters_and_quotes(self):
        self.put("data/pipes/a.csv", "id|name\n1|x\n2|y\n")
        self.put("data/quoted/a.csv", 'id,comment\n1,"hello, world"\n2,"a ""quote"""\n')
        self.put("data/zipped/a.csv.gz", gzip.compress(b"k\tv\n1\t2.5\n2\t3.5\n"))
        self.put("data/skipme/a.csv", "id,x\n1,2\n")
        self.crawl("fmt-" + self.db, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/data/", "Exclusions": ["skipme/**"]}]})
        tables = self.tables()
        self.assertEqual(sorted(tables), ["pipes", "quoted", "zipped"])
        self.assertEqual(tables["pipes"]["Parameters"]["delimiter"], "|")
        self.assertEqual(tables["quoted"]["StorageDescriptor"]["SerdeInfo"], {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.OpenCSVSerde", "Parameters": {"separatorChar": ",", "quoteChar": '"'}})
        zipped = tables["zipped"]
        self.assertEqual((zipped["Parameters"]["compressionType"], zipped["Parameters"]["delimiter"]), ("gzip", "\t"))
        self.assertEqual(columns(zipped), [("k", "bigint"), ("v", "double")])

    def test_custom_grok_and_xml_classifiers(self):
        suffix = uuid.uuid4().hex[:8]
        self.glue.create_classifier(GrokClassifier={
            "Name": f"access-{suffix}", "Classification": "apache-access",
            "GrokPattern": "%{IPORHOST:client} %{USER:ident} %{USER:auth} \\[%{HTTPDATE:ts}\\] \"%{WORD:verb} %{NOTSPACE:path} HTTP/%{NUMBER:version}\" %{NUMBER:status:int} %{NUMBER:size:long}%{TAIL}",
            "CustomPatterns": "TAIL (?: .*)?"})
        self.glue.create_classifier(XMLClassifier={"Name": f"books-{suffix}", "Classification": "xml", "RowTag": "book"})
        self.put("logs/day=1/a.log", '10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326\n'
                                     '10.0.0.2 - bob [10/Oct/2000:13:55:37 -0700] "POST /form HTTP/1.1" 404 12 extra\n')
        self.put("logs/day=2/b.log", '10.0.0.3 - - [11/Oct/2000:01:00:00 +0000] "GET / HTTP/1.1" 500 0\n')
        self.put("books/a.xml", '<catalog><book id="1"><title>Guide</title><price>44.95</price></book><book id="2"><title>Style</title><price>5</price></book></catalog>')
        crawler = self.crawl(f"custom-{suffix}", Classifiers=[f"access-{suffix}", f"books-{suffix}"],
                             Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/logs/"}, {"Path": f"s3://{self.bucket}/books/"}]})
        self.assertEqual("SUCCEEDED", crawler["LastCrawl"]["Status"], crawler["LastCrawl"].get("ErrorMessage"))
        tables = self.tables()

        logs = tables["logs"]
        self.assertEqual([("client", "string"), ("ident", "string"), ("auth", "string"), ("ts", "string"), ("verb", "string"),
                          ("path", "string"), ("version", "string"), ("status", "int"), ("size", "bigint")], columns(logs))
        self.assertEqual([("day", "string")], [(k["Name"], k["Type"]) for k in logs["PartitionKeys"]])
        serde = logs["StorageDescriptor"]["SerdeInfo"]
        self.assertEqual("com.amazonaws.glue.serde.GrokSerDe", serde["SerializationLibrary"])
        self.assertEqual({"input.format", "input.grokCustomPatterns"}, set(serde["Parameters"]))
        self.assertEqual("apache-access", logs["Parameters"]["classification"])

        books = tables["books"]
        self.assertEqual([("_id", "bigint"), ("title", "string"), ("price", "double")], columns(books))
        self.assertEqual(("xml", "book"), (books["Parameters"]["classification"], books["Parameters"]["rowTag"]))

        # Athena reads the grok table back through its GrokSerDe, partitions and types included.
        rows = self.athena_rows("SELECT day, client, verb, status, size FROM logs ORDER BY client")
        self.assertEqual([["day", "client", "verb", "status", "size"], ["1", "10.0.0.1", "GET", "200", "2326"],
                          ["1", "10.0.0.2", "POST", "404", "12"], ["2", "10.0.0.3", "GET", "500", "0"]], rows)

    def test_bzip2_files_are_classified_and_queried(self):
        self.put("sales/a.csv.bz2", bz2.compress(b"id,region,amount\n1,east,10.5\n2,west,20\n"))
        self.put("sales/b.csv.bz2", bz2.compress(b"id,region,amount\n3,east,7.25\n"))
        crawler = self.crawl("bz-" + uuid.uuid4().hex[:8], Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/sales/"}]})
        self.assertEqual("SUCCEEDED", crawler["LastCrawl"]["Status"], crawler["LastCrawl"].get("ErrorMessage"))
        sales = self.tables()["sales"]
        self.assertEqual([("id", "bigint"), ("region", "string"), ("amount", "double")], columns(sales))
        self.assertEqual(("csv", "bzip2", "1"), (sales["Parameters"]["classification"], sales["Parameters"]["compressionType"],
                                                 sales["Parameters"]["skip.header.line.count"]))

        rows = self.athena_rows("SELECT region, sum(amount) FROM sales GROUP BY region ORDER BY region")
        self.assertEqual([["region", "_col1"], ["east", "17.75"], ["west", "20.0"]], rows)

    def test_avro_files_are_classified_from_their_schema_and_queried(self):
        # Written by a real Avro writer (avsc): deflate and snappy blocks, 2,500 records each.
        fixtures = pathlib.Path(__file__).resolve().parents[1] / "Basin.Tests" / "Fixtures" / "avro"
        self.put("orders/part-0.avro", (fixtures / "orders-deflate.avro").read_bytes())
        self.put("orders/part-1.avro", (fixtures / "orders-snappy.avro").read_bytes())
        crawler = self.crawl("avro-" + uuid.uuid4().hex[:8], Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/orders/"}]})
        self.assertEqual("SUCCEEDED", crawler["LastCrawl"]["Status"], crawler["LastCrawl"].get("ErrorMessage"))
        orders = self.tables()["orders"]
        self.assertEqual([("id", "bigint"), ("customer", "string"), ("qty", "int"), ("price", "decimal(10,2)"), ("ratio", "double"),
                          ("score", "float"), ("paid", "boolean"), ("note", "string"), ("status", "string"), ("tags", "array<string>"),
                          ("attrs", "map<string,int>"), ("address", "struct<city:string,zip:int>"), ("day", "date"), ("at", "timestamp")],
                         columns(orders))
        self.assertEqual(("avro", "5000"), (orders["Parameters"]["classification"], orders["Parameters"]["recordCount"]))
        serde = orders["StorageDescriptor"]["SerdeInfo"]
        self.assertEqual("org.apache.hadoop.hive.serde2.avro.AvroSerDe", serde["SerializationLibrary"])
        self.assertEqual("shop", json.loads(serde["Parameters"]["avro.schema.literal"])["namespace"])
        self.assertEqual([["status", "n", "total"], ["NEW", "3750", "1578120.96"], ["SHIPPED", "1250", "521838.72"]],
                         self.athena_rows("SELECT status, count(*) AS n, sum(price) AS total FROM orders GROUP BY status ORDER BY status"))

    def test_nested_camel_case_json_reads_back_through_athena(self):
        # The crawler lowercases names at every depth, as Glue does; Athena still finds the camelCase keys.
        self.put("events/a.json", '{"eventId": 1, "detail": {"userId": 7, "Device": {"osName": "ios"}, "items": [{"skuId": "a"}, {"skuId": "b"}]}}\n'
                                  '{"eventId": 2, "detail": {"userId": 8, "Device": {"osName": "android"}, "items": []}}\n')
        crawler = self.crawl("nested-" + uuid.uuid4().hex[:8], Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/events/"}]})
        self.assertEqual("SUCCEEDED", crawler["LastCrawl"]["Status"], crawler["LastCrawl"].get("ErrorMessage"))
        self.assertEqual([("eventid", "int"), ("detail", "struct<userid:int,device:struct<osname:string>,items:array<struct<skuid:string>>>")],
                         columns(self.tables()["events"]))
        self.assertEqual([["eventid", "userid", "osname", "skus"], ["1", "7", "ios", "[a, b]"], ["2", "8", "android", "[]"]],
                         self.athena_rows("SELECT eventid, detail.userid, detail.device.osname, transform(detail.items, i -> i.skuid) AS skus "
                                          "FROM events ORDER BY eventid"))

    def test_api_states_errors_and_schedules(self):
        name = "api-" + self.db
        self.glue.create_crawler(Name=name, Role=ROLE, DatabaseName=self.db, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/x/"}]},
                                 Schedule="cron(15 12 * * ? *)", Tags={"team": "data"})
        crawler = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual((crawler["State"], crawler["Schedule"]["State"], crawler["Version"]), ("READY", "SCHEDULED", 1))
        self.assertEqual(crawler["SchemaChangePolicy"], {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DEPRECATE_IN_DATABASE"})
        self.assertEqual(crawler["RecrawlPolicy"], {"RecrawlBehavior": "CRAWL_EVERYTHING"})
        self.assertEqual(self.code(self.glue.create_crawler, Name=name, Role=ROLE, DatabaseName=self.db, Targets={"S3Targets": [{"Path": "s3://b/"}]}), "AlreadyExistsException")
        self.assertEqual(self.code(self.glue.create_crawler, Name=name + "2", Role=ROLE, DatabaseName=self.db, Targets={"S3Targets": [{"Path": "s3://b/"}]}, Schedule="cron(0 12 * * * *)"), "InvalidInputException")
        self.assertEqual(self.code(self.glue.create_crawler, Name=name + "3", Role=ROLE, DatabaseName=self.db, Targets={"S3Targets": [{"Path": "s3://b/"}]},
                                   RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"}), "InvalidInputException")
        self.assertEqual(self.code(self.glue.create_crawler, Name=name + "4", Role=ROLE, DatabaseName=self.db, Targets={"S3Targets": [{"Path": "s3://b/"}]},
                                   Configuration='{"Version": 2.0}'), "InvalidInputException")
        self.assertEqual(self.code(self.glue.get_crawler, Name="nope-" + self.db), "EntityNotFoundException")
        self.assertEqual(self.code(self.glue.stop_crawler, Name=name), "CrawlerNotRunningException")
        self.assertEqual(self.code(self.glue.start_crawler_schedule, CrawlerName=name), "SchedulerRunningException")
        self.glue.stop_crawler_schedule(CrawlerName=name)
        self.assertEqual(self.code(self.glue.stop_crawler_schedule, CrawlerName=name), "SchedulerNotRunningException")
        self.glue.update_crawler_schedule(CrawlerName=name, Schedule="cron(0/5 * * * ? *)")
        crawler = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual((crawler["Schedule"]["ScheduleExpression"], crawler["Schedule"]["State"]), ("cron(0/5 * * * ? *)", "NOT_SCHEDULED"))
        self.glue.update_crawler(Name=name, Description="nightly", TablePrefix="raw_")
        crawler = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual((crawler["Description"], crawler["TablePrefix"], crawler["Version"]), ("nightly", "raw_", 2))
        self.assertIn(name, self.glue.list_crawlers(Tags={"team": "data"})["CrawlerNames"])
        self.assertNotIn(name, self.glue.list_crawlers(Tags={"team": "other"})["CrawlerNames"])
        arn = f"arn:aws:glue:us-east-1:000000000000:crawler/{name}"
        self.glue.tag_resource(ResourceArn=arn, TagsToAdd={"tier": "raw"})
        self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"], {"team": "data", "tier": "raw"})
        batch = self.glue.batch_get_crawlers(CrawlerNames=[name, "missing-" + self.db])
        self.assertEqual(([c["Name"] for c in batch["Crawlers"]], batch["CrawlersNotFound"]), ([name], ["missing-" + self.db]))
        self.glue.delete_crawler(Name=name)
        self.assertEqual(self.code(self.glue.get_crawler, Name=name), "EntityNotFoundException")

    def test_single_folder_is_a_partition_as_on_aws(self):
        # With one subfolder under the include path, AWS makes the include path the table and the
        # folder its partition_0 (the classic surprise); Basin does the same.
        self.put("rawData/orders/orders.csv", ORDERS)
        self.crawl("one-" + self.db, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/rawData/"}]})
        table = self.tables()["rawdata"]
        self.assertEqual(table["PartitionKeys"], [{"Name": "partition_0", "Type": "string"}])
        self.assertEqual(self.glue.get_partitions(DatabaseName=self.db, TableName="rawdata")["Partitions"][0]["Values"], ["orders"])

    def test_schema_change_policies_threshold_and_incremental(self):
        self.put("lake/a/x.csv", "id,v\n1,2\n")
        self.put("lake/b/x.json", '{"k": "v"}\n')
        self.put("lake/d/x.csv", "p,q,r,s,t\n1,2,3,4,5\n")
        name = "policy-" + self.db
        self.crawl(name, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/lake/"}]},
                   SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DEPRECATE_IN_DATABASE"})
        self.assertEqual(sorted(self.tables()), ["a", "b", "d"])
        # The data gains a column: a new table version. The json folder goes away: the table is deprecated.
        self.put("lake/a/x.csv", "id,v,w\n1,2,3\n")
        self.s3.delete_object(Bucket=self.bucket, Key="lake/b/x.json")
        self.run_crawler(name)
        tables = self.tables()
        self.assertEqual((columns(tables["a"])[-1], tables["a"]["VersionId"]), (("w", "bigint"), "1"))
        self.assertEqual(tables["b"]["Parameters"]["DEPRECATED_BY_CRAWLER"], name)
        self.glue.update_crawler(Name=name, SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DELETE_FROM_DATABASE"})
        self.run_crawler(name)
        self.assertEqual(sorted(self.tables()), ["a", "d"])

        # More tables than the threshold allows: the crawl fails with Glue's message and writes nothing.
        self.put("lake/c/x.csv", "q,r,s\n1,2,3\n")
        self.glue.update_crawler(Name=name, Configuration=json.dumps({"Version": 1.0, "CrawlerOutput": {"Tables": {"TableThreshold": 1}}}))
        crawler = self.run_crawler(name)
        self.assertEqual(crawler["LastCrawl"]["Status"], "FAILED")
        self.assertIn("table threshold", crawler["LastCrawl"]["ErrorMessage"])
        self.assertEqual(sorted(self.tables()), ["a", "d"])
        self.assertEqual(self.glue.list_crawls(CrawlerName=name, Filters=[{"FieldName": "STATE", "FilterOperator": "EQ", "FieldValue": "FAILED"}])["Crawls"][0]["State"], "FAILED")

        # Incremental: new folders become partitions of the table that covers them; old ones are not re-read.
        for day in ("1", "2"):
            self.put(f"events/day={day}/e.csv", "id,v\n1,2\n")
        inc = "inc-" + self.db
        self.crawl(inc, Targets={"S3Targets": [{"Path": f"s3://{self.bucket}/events/"}]}, RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
                   SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"})
        self.put("events/day=3/e.csv", "id,v\n1,2\n")
        self.run_crawler(inc)
        values = sorted(p["Values"] for p in self.glue.get_partitions(DatabaseName=self.db, TableName="events")["Partitions"])
        self.assertEqual(values, [["1"], ["2"], ["3"]])

    def test_cli_walk(self):
        self.put("rawData/orders/orders.csv", ORDERS)
        name = "cli-" + self.db
        aws("glue", "create-crawler", "--name", name, "--role", ROLE, "--database-name", self.db,
                 "--targets", json.dumps({"S3Targets": [{"Path": f"s3://{self.bucket}/rawData/orders/"}]}))
        aws("glue", "start-crawler", "--name", name)
        deadline = time.time() + 30
        while aws_json("glue", "get-crawler", "--name", name)["Crawler"].get("LastCrawl") is None and time.time() < deadline:
            time.sleep(0.1)
        table = aws_json("glue", "get-table", "--database-name", self.db, "--name", "orders")["Table"]
        self.assertEqual(table["StorageDescriptor"]["Columns"][0], {"Name": "salesorderid", "Type": "bigint"})


if __name__ == "__main__":
    unittest.main()
