"""The Glue Data Catalog through boto3: databases, tables, versions, as the seeds' lake needs them."""
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import AwsTestCase, aws, aws_json, client

COLUMNS = [{"Name": "customerid", "Type": "bigint"}, {"Name": "firstname", "Type": "string"}]


def storage(location, columns=COLUMNS):
    return {
        "Columns": columns,
        "Location": location,
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "Parameters": {"field.delim": ","}},
    }


class GlueCatalogTests(AwsTestCase):
    def setUp(self):
        self.glue = client("glue")
        self.db = "db_" + uuid.uuid4().hex[:8]

    def test_databases(self):
        self.glue.create_database(DatabaseInput={"Name": self.db.upper(), "Description": "raw zone", "LocationUri": "s3://lake/raw/", "Parameters": {"team": "data"}})
        db = self.glue.get_database(Name=self.db)["Database"]
        self.assertEqual((db["Name"], db["Description"], db["LocationUri"], db["CatalogId"]), (self.db, "raw zone", "s3://lake/raw/", "000000000000"))
        self.assertEqual(db["CreateTableDefaultPermissions"][0]["Principal"]["DataLakePrincipalIdentifier"], "IAM_ALLOWED_PRINCIPALS")
        self.assertIn("CreateTime", db)
        self.assertEqual(self.code(self.glue.create_database, DatabaseInput={"Name": self.db}), "AlreadyExistsException")
        self.assertEqual(self.code(self.glue.get_database, Name="no_such_db"), "EntityNotFoundException")
        self.assertEqual(self.code(self.glue.create_database, DatabaseInput={"Name": "x" * 256}), "InvalidInputException")
        self.glue.update_database(Name=self.db, DatabaseInput={"Name": self.db, "Description": "curated"})
        self.assertEqual(self.glue.get_database(Name=self.db)["Database"]["Description"], "curated")
        extra = [f"{self.db}_{i}" for i in range(3)]
        for name in extra:
            self.glue.create_database(DatabaseInput={"Name": name})
        names = [d["Name"] for page in self.glue.get_paginator("get_databases").paginate(PaginationConfig={"PageSize": 2}) for d in page["DatabaseList"]]
        self.assertTrue(set(extra + [self.db]) <= set(names))
        self.assertEqual(names, sorted(names))
        self.glue.delete_database(Name=self.db)
        self.assertEqual(self.code(self.glue.get_database, Name=self.db), "EntityNotFoundException")
        self.assertEqual(self.code(self.glue.delete_database, Name=self.db), "EntityNotFoundException")

    def test_tables_versions_and_batch_delete(self):
        self.glue.create_database(DatabaseInput={"Name": self.db})
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": "Customers", "TableType": "EXTERNAL_TABLE", "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": storage("s3://lake/raw/customers/"), "PartitionKeys": [{"Name": "dt", "Type": "string"}]})
        table = self.glue.get_table(DatabaseName=self.db, Name="customers")["Table"]
        self.assertEqual((table["Name"], table["DatabaseName"], table["VersionId"]), ("customers", self.db, "0"))
        self.assertEqual(table["StorageDescriptor"]["Columns"], COLUMNS)
        self.assertEqual(table["StorageDescriptor"]["SerdeInfo"]["Parameters"], {"field.delim": ","})
        self.assertEqual(table["PartitionKeys"], [{"Name": "dt", "Type": "string"}])
        self.assertEqual(self.code(self.glue.create_table, DatabaseName=self.db, TableInput={"Name": "customers"}), "AlreadyExistsException")
        self.assertEqual(self.code(self.glue.create_table, DatabaseName="no_such_db", TableInput={"Name": "t"}), "EntityNotFoundException")
        self.assertEqual(self.code(self.glue.get_table, DatabaseName=self.db, Name="nope"), "EntityNotFoundException")

        wider = COLUMNS + [{"Name": "email", "Type": "string"}]
        self.glue.update_table(DatabaseName=self.db, TableInput={"Name": "customers", "StorageDescriptor": storage("s3://lake/raw/customers/", wider)})
        self.glue.update_table(DatabaseName=self.db, TableInput={"Name": "customers", "StorageDescriptor": storage("s3://lake/raw/customers/", wider), "Description": "v2"})
        self.assertEqual(self.code(self.glue.update_table, DatabaseName=self.db, VersionId="0", TableInput={"Name": "customers"}), "ConcurrentModificationException")
        current = self.glue.get_table(DatabaseName=self.db, Name="customers")["Table"]
        self.assertEqual((current["VersionId"], current["Description"], len(current["StorageDescriptor"]["Columns"])), ("2", "v2", 3))
        self.assertEqual(current["CreateTime"], table["CreateTime"])
        versions = self.glue.get_table_versions(DatabaseName=self.db, TableName="customers")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in versions], ["2", "1", "0"])
        self.assertEqual(self.glue.get_table_version(DatabaseName=self.db, TableName="customers", VersionId="0")["TableVersion"]["Table"]["StorageDescriptor"]["Columns"], COLUMNS)
        self.glue.delete_table_version(DatabaseName=self.db, TableName="customers", VersionId="0")
        self.assertEqual(self.code(self.glue.delete_table_version, DatabaseName=self.db, TableName="customers", VersionId="2"), "InvalidInputException")
        errors = self.glue.batch_delete_table_version(DatabaseName=self.db, TableName="customers", VersionIds=["1", "7"])["Errors"]
        self.assertEqual([(e["VersionId"], e["ErrorDetail"]["ErrorCode"]) for e in errors], [("7", "EntityNotFoundException")])

        for name in ["orders", "orders_2024", "employees"]:
            self.glue.create_table(DatabaseName=self.db, TableInput={"Name": name, "StorageDescriptor": storage(f"s3://lake/raw/{name}/")})
        listed = lambda **kw: [t["Name"] for t in self.glue.get_tables(DatabaseName=self.db, **kw)["TableList"]]
        self.assertEqual(listed(), ["customers", "employees", "orders", "orders_2024"])
        self.assertEqual(listed(Expression="orders.*"), ["orders", "orders_2024"])
        # Expression is a regular expression (whole-name match); a pattern that is not valid regex reads as a glob.
        self.assertEqual(listed(Expression="orders*"), ["orders"])
        self.assertEqual(listed(Expression="*_2024"), ["orders_2024"])
        self.assertEqual(listed(Expression="customers|employees"), ["customers", "employees"])
        pages = list(self.glue.get_paginator("get_tables").paginate(DatabaseName=self.db, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["TableList"]) for p in pages], [3, 1])
        result = self.glue.batch_delete_table(DatabaseName=self.db, TablesToDelete=["orders", "ghost"])
        self.assertEqual([(e["TableName"], e["ErrorDetail"]["ErrorCode"]) for e in result["Errors"]], [("ghost", "EntityNotFoundException")])
        self.glue.delete_table(DatabaseName=self.db, Name="employees")
        self.assertEqual(listed(), ["customers", "orders_2024"])
        self.glue.delete_database(Name=self.db)
        self.assertEqual(self.code(self.glue.get_tables, DatabaseName=self.db), "EntityNotFoundException")

    def test_cli(self):
        aws("glue", "create-database", "--database-input", '{"Name": "%s"}' % self.db)
        self.assertEqual(aws_json("glue", "get-database", "--name", self.db)["Database"]["Name"], self.db)
        aws("glue", "delete-database", "--name", self.db)


if __name__ == "__main__":
    unittest.main()


class GluePartitionTests(AwsTestCase):
    def setUp(self):
        self.glue = client("glue")
        self.db = "db_" + uuid.uuid4().hex[:8]
        self.glue.create_database(DatabaseInput={"Name": self.db})
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": "orders", "StorageDescriptor": storage("s3://lake/orders/"),
            "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "month", "Type": "string"}]})

    def partition(self, year, month):
        return {"Values": [year, month], "StorageDescriptor": storage(f"s3://lake/orders/year={year}/month={month}/")}

    def test_partitions(self):
        self.glue.create_partition(DatabaseName=self.db, TableName="orders", PartitionInput=self.partition("2024", "01"))
        batch = [self.partition(y, m) for y in ("999", "2023", "2024") for m in ("01", "02", "03")]
        errors = self.glue.batch_create_partition(DatabaseName=self.db, TableName="orders", PartitionInputList=batch)["Errors"]
        self.assertEqual([(e["PartitionValues"], e["ErrorDetail"]["ErrorCode"]) for e in errors], [(["2024", "01"], "AlreadyExistsException")])
        got = self.glue.get_partition(DatabaseName=self.db, TableName="orders", PartitionValues=["2023", "02"])["Partition"]
        self.assertEqual((got["Values"], got["TableName"], got["StorageDescriptor"]["Location"]), (["2023", "02"], "orders", "s3://lake/orders/year=2023/month=02/"))
        with self.assertRaises(ClientError) as e:
            self.glue.get_partition(DatabaseName=self.db, TableName="orders", PartitionValues=["2030", "01"])
        self.assertEqual(e.exception.response["Error"]["Code"], "EntityNotFoundException")
        with self.assertRaises(ClientError) as e:
            self.glue.create_partition(DatabaseName=self.db, TableName="orders", PartitionInput={"Values": ["2024"]})
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidInputException")

        def values(expression=None, **kw):
            args = {"Expression": expression} if expression else {}
            return sorted(tuple(p["Values"]) for page in self.glue.get_paginator("get_partitions").paginate(DatabaseName=self.db, TableName="orders", **args, **kw) for p in page["Partitions"])

        self.assertEqual(len(values()), 9)
        self.assertEqual(values("year > 1000 AND month IN ('01','03')"), [("2023", "01"), ("2023", "03"), ("2024", "01"), ("2024", "03")])
        self.assertEqual(values("year < 2000"), [("999", "01"), ("999", "02"), ("999", "03")])
        self.assertEqual(len(values(PaginationConfig={"PageSize": 2})), 9)
        segments = [values(Segment={"SegmentNumber": i, "TotalSegments": 3}) for i in range(3)]
        self.assertEqual(sorted(v for s in segments for v in s), values())
        with self.assertRaises(ClientError) as e:
            self.glue.get_partitions(DatabaseName=self.db, TableName="orders", Expression="colour = 'red'")
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidInputException")

        found = self.glue.batch_get_partition(DatabaseName=self.db, TableName="orders", PartitionsToGet=[{"Values": ["2024", "02"]}, {"Values": ["1", "1"]}])["Partitions"]
        self.assertEqual([p["Values"] for p in found], [["2024", "02"]])
        self.glue.update_partition(DatabaseName=self.db, TableName="orders", PartitionValueList=["999", "01"], PartitionInput=self.partition("1999", "01"))
        self.assertIn(("1999", "01"), values())
        self.glue.delete_partition(DatabaseName=self.db, TableName="orders", PartitionValues=["1999", "01"])
        errors = self.glue.batch_delete_partition(DatabaseName=self.db, TableName="orders", PartitionsToDelete=[{"Values": ["999", "02"]}, {"Values": ["5", "5"]}])["Errors"]
        self.assertEqual([e["PartitionValues"] for e in errors], [["5", "5"]])
        self.assertEqual(len(values()), 7)
        self.glue.delete_table(DatabaseName=self.db, Name="orders")
        self.glue.create_table(DatabaseName=self.db, TableInput={"Name": "orders", "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "month", "Type": "string"}]})
        self.assertEqual(values(), [])

    def test_bad_segments_and_keys_added_later_are_not_server_errors(self):
        self.glue.create_partition(DatabaseName=self.db, TableName="orders", PartitionInput=self.partition("2024", "01"))
        unchecked = client("glue", parameter_validation=False)
        for segment in ({"SegmentNumber": 0}, {"TotalSegments": 2}, {"SegmentNumber": 2, "TotalSegments": 2}):
            with self.assertRaises(ClientError) as e:
                unchecked.get_partitions(DatabaseName=self.db, TableName="orders", Segment=segment)
            self.assertEqual(e.exception.response["Error"]["Code"], "InvalidInputException", segment)
        # A key added by UpdateTable: partitions written before it have no value for it.
        keys = [{"Name": "year", "Type": "int"}, {"Name": "month", "Type": "string"}, {"Name": "day", "Type": "string"}]
        self.glue.update_table(DatabaseName=self.db, TableInput={"Name": "orders", "StorageDescriptor": storage("s3://lake/orders/"), "PartitionKeys": keys})
        found = self.glue.get_partitions(DatabaseName=self.db, TableName="orders", Expression="day = '01'")["Partitions"]
        self.assertEqual(found, [])
        with self.assertRaises(ClientError) as e:
            unchecked.batch_delete_connection(ConnectionNameList=[None])
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidInputException")


class GlueConnectionFunctionTagTests(AwsTestCase):
    def setUp(self):
        self.glue = client("glue")
        self.db = "db_" + uuid.uuid4().hex[:8]
        self.name = "conn-" + uuid.uuid4().hex[:8]

    def test_connections_mask_passwords_on_request(self):
        props = {"JDBC_CONNECTION_URL": "jdbc:postgresql://127.0.0.1:5432/dev", "USERNAME": "etl", "PASSWORD": "s3cret"}
        self.glue.create_connection(ConnectionInput={"Name": self.name, "ConnectionType": "JDBC", "ConnectionProperties": props}, Tags={"env": "dev"})
        shown = self.glue.get_connection(Name=self.name)["Connection"]
        self.assertEqual((shown["ConnectionType"], shown["ConnectionProperties"]["PASSWORD"]), ("JDBC", "s3cret"))
        hidden = self.glue.get_connection(Name=self.name, HidePassword=True)["Connection"]
        self.assertNotIn("PASSWORD", hidden["ConnectionProperties"])
        self.assertEqual(hidden["ConnectionProperties"]["USERNAME"], "etl")
        listed = self.glue.get_connections(Filter={"ConnectionType": "JDBC"}, HidePassword=True)["ConnectionList"]
        self.assertIn(self.name, [c["Name"] for c in listed])
        self.assertTrue(all("PASSWORD" not in c.get("ConnectionProperties", {}) for c in listed))
        with self.assertRaises(ClientError) as e:
            self.glue.create_connection(ConnectionInput={"Name": self.name, "ConnectionType": "JDBC", "ConnectionProperties": props})
        self.assertEqual(e.exception.response["Error"]["Code"], "AlreadyExistsException")
        self.glue.update_connection(Name=self.name, ConnectionInput={"Name": self.name, "ConnectionType": "JDBC", "ConnectionProperties": dict(props, USERNAME="loader")})
        self.assertEqual(self.glue.get_connection(Name=self.name)["Connection"]["ConnectionProperties"]["USERNAME"], "loader")
        arn = f"arn:aws:glue:us-east-1:000000000000:connection/{self.name}"
        self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"], {"env": "dev"})
        result = self.glue.batch_delete_connection(ConnectionNameList=[self.name, "ghost-connection"])
        self.assertEqual((result["Succeeded"], list(result["Errors"])), ([self.name], ["ghost-connection"]))
        with self.assertRaises(ClientError) as e:
            self.glue.get_connection(Name=self.name)
        self.assertEqual(e.exception.response["Error"]["Code"], "EntityNotFoundException")

    def test_functions_and_tags(self):
        self.glue.create_database(DatabaseInput={"Name": self.db}, Tags={"team": "data"})
        fn = {"FunctionName": "Mask_Email", "ClassName": "com.example.MaskEmail", "OwnerName": "etl", "OwnerType": "USER",
              "ResourceUris": [{"ResourceType": "JAR", "Uri": "s3://lake/jars/udfs.jar"}]}
        self.glue.create_user_defined_function(DatabaseName=self.db, FunctionInput=fn)
        got = self.glue.get_user_defined_function(DatabaseName=self.db, FunctionName="mask_email")["UserDefinedFunction"]
        self.assertEqual((got["FunctionName"], got["ClassName"], got["DatabaseName"]), ("mask_email", "com.example.MaskEmail", self.db))
        self.assertEqual([f["FunctionName"] for f in self.glue.get_user_defined_functions(DatabaseName=self.db, Pattern="mask.*")["UserDefinedFunctions"]], ["mask_email"])
        self.glue.update_user_defined_function(DatabaseName=self.db, FunctionName="mask_email", FunctionInput=dict(fn, ClassName="com.example.MaskEmail2"))
        self.assertEqual(self.glue.get_user_defined_function(DatabaseName=self.db, FunctionName="mask_email")["UserDefinedFunction"]["ClassName"], "com.example.MaskEmail2")
        self.glue.delete_user_defined_function(DatabaseName=self.db, FunctionName="mask_email")

        db_arn = f"arn:aws:glue:us-east-1:000000000000:database/{self.db}"
        self.assertEqual(self.glue.get_tags(ResourceArn=db_arn)["Tags"], {"team": "data"})
        self.glue.create_table(DatabaseName=self.db, TableInput={"Name": "t"})
        table_arn = f"arn:aws:glue:us-east-1:000000000000:table/{self.db}/t"
        self.glue.tag_resource(ResourceArn=table_arn, TagsToAdd={"a": "1", "b": "2"})
        self.glue.untag_resource(ResourceArn=table_arn, TagsToRemove=["a"])
        self.assertEqual(self.glue.get_tags(ResourceArn=table_arn)["Tags"], {"b": "2"})
        with self.assertRaises(ClientError) as e:
            self.glue.get_tags(ResourceArn=f"arn:aws:glue:us-east-1:000000000000:table/{self.db}/ghost")
        self.assertEqual(e.exception.response["Error"]["Code"], "EntityNotFoundException")


class GlueIndexClassifierTests(AwsTestCase):
    def setUp(self):
        self.glue = client("glue")
        self.db = "db_" + uuid.uuid4().hex[:8]

    def test_partition_indexes(self):
        self.glue.create_database(DatabaseInput={"Name": self.db})
        self.glue.create_table(DatabaseName=self.db, TableInput={"Name": "events", "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "region", "Type": "string"}]})
        self.glue.create_partition_index(DatabaseName=self.db, TableName="events", PartitionIndex={"IndexName": "by_year", "Keys": ["year"]})
        indexes = self.glue.get_partition_indexes(DatabaseName=self.db, TableName="events")["PartitionIndexDescriptorList"]
        self.assertEqual([(i["IndexName"], i["Keys"], i["IndexStatus"]) for i in indexes], [("by_year", [{"Name": "year", "Type": "int"}], "ACTIVE")])
        self.assertEqual(self.code(self.glue.create_partition_index, DatabaseName=self.db, TableName="events", PartitionIndex={"IndexName": "by_year", "Keys": ["year"]}), "AlreadyExistsException")
        self.assertEqual(self.code(self.glue.create_partition_index, DatabaseName=self.db, TableName="events", PartitionIndex={"IndexName": "bad", "Keys": ["colour"]}), "InvalidInputException")
        for name in ("i2", "i3"):
            self.glue.create_partition_index(DatabaseName=self.db, TableName="events", PartitionIndex={"IndexName": name, "Keys": ["region"]})
        self.assertEqual(self.code(self.glue.create_partition_index, DatabaseName=self.db, TableName="events", PartitionIndex={"IndexName": "i4", "Keys": ["region"]}), "ResourceNumberLimitExceededException")
        self.glue.delete_partition_index(DatabaseName=self.db, TableName="events", IndexName="i3")
        self.glue.delete_table(DatabaseName=self.db, Name="events")
        self.glue.create_table(DatabaseName=self.db, TableInput={"Name": "events", "PartitionKeys": [{"Name": "year", "Type": "int"}]})
        self.assertEqual(self.glue.get_partition_indexes(DatabaseName=self.db, TableName="events")["PartitionIndexDescriptorList"], [])

    def test_classifiers(self):
        name = "csv-" + uuid.uuid4().hex[:6]
        self.glue.create_classifier(CsvClassifier={"Name": name, "Delimiter": "|", "QuoteSymbol": '"', "ContainsHeader": "ABSENT", "Header": ["id", "name"]})
        csv = self.glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
        self.assertEqual((csv["Delimiter"], csv["ContainsHeader"], csv["Header"], csv["Version"]), ("|", "ABSENT", ["id", "name"], 1))
        self.glue.update_classifier(CsvClassifier={"Name": name, "Delimiter": ";"})
        csv = self.glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
        self.assertEqual((csv["Delimiter"], csv["Header"], csv["Version"]), (";", ["id", "name"], 2))
        self.assertEqual(self.code(self.glue.update_classifier, JsonClassifier={"Name": name, "JsonPath": "$[*]"}), "InvalidInputException")
        self.assertEqual(self.code(self.glue.create_classifier, CsvClassifier={"Name": name, "Delimiter": ","}), "AlreadyExistsException")
        self.assertEqual(self.code(self.glue.create_classifier, CsvClassifier={"Name": "x" + name, "Delimiter": "::"}), "InvalidInputException")
        self.glue.create_classifier(GrokClassifier={"Name": "g" + name, "Classification": "applog", "GrokPattern": "%{TIMESTAMP_ISO8601:ts} %{GREEDYDATA:msg}"})
        self.glue.create_classifier(JsonClassifier={"Name": "j" + name, "JsonPath": "$.records[*]"})
        self.glue.create_classifier(XMLClassifier={"Name": "x" + name, "Classification": "xml", "RowTag": "row"})
        names = [next(iter(c.values()))["Name"] for page in self.glue.get_paginator("get_classifiers").paginate(PaginationConfig={"PageSize": 2}) for c in page["Classifiers"]]
        self.assertTrue({name, "g" + name, "j" + name, "x" + name} <= set(names))
        for n in (name, "g" + name, "j" + name, "x" + name):
            self.glue.delete_classifier(Name=n)
        self.assertEqual(self.code(self.glue.get_classifier, Name=name), "EntityNotFoundException")


class GlueSearchTests(AwsTestCase):
    def test_search_tables(self):
        glue = client("glue")
        db = "db_" + uuid.uuid4().hex[:8]
        glue.create_database(DatabaseInput={"Name": db})
        glue.create_table(DatabaseName=db, TableInput={"Name": "customer-link", "Description": "links", "Parameters": {"classification": "csv"},
                                                       "StorageDescriptor": {"Columns": [{"Name": "email_address", "Type": "string"}]}})
        glue.create_table(DatabaseName=db, TableInput={"Name": "xxlinkyy", "Parameters": {"classification": "parquet"}})
        glue.create_table(DatabaseName=db, TableInput={"Name": "orders"})
        search = lambda **kw: sorted(t["Name"] for t in glue.search_tables(**kw)["TableList"] if t["DatabaseName"] == db)
        self.assertEqual(search(Filters=[{"Key": "Name", "Value": "link"}]), ["customer-link"])
        self.assertEqual(search(Filters=[{"Key": "classification", "Value": "parquet"}]), ["xxlinkyy"])
        self.assertEqual(search(SearchText="email"), ["customer-link"])
        self.assertEqual(search(SearchText="link"), ["customer-link", "xxlinkyy"])
        self.assertEqual(search(SearchText='"link"'), ["customer-link"])
        self.assertEqual(search(Filters=[{"Key": "CreateTime", "Value": "2000-01-01T00:00:00Z", "Comparator": "GREATER_THAN"}]), ["customer-link", "orders", "xxlinkyy"])
        names = [t["Name"] for t in glue.search_tables(Filters=[{"Key": "DatabaseName", "Value": db}], SortCriteria=[{"FieldName": "Name", "Sort": "DESC"}])["TableList"]]
        self.assertEqual(names, ["xxlinkyy", "orders", "customer-link"])
        first = glue.search_tables(Filters=[{"Key": "DatabaseName", "Value": db}], MaxResults=2)
        rest = glue.search_tables(Filters=[{"Key": "DatabaseName", "Value": db}], MaxResults=2, NextToken=first["NextToken"])
        self.assertEqual((len(first["TableList"]), len(rest["TableList"]), rest.get("NextToken")), (2, 1, None))
