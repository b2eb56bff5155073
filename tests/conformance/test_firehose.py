"""Firehose through boto3 and the AWS CLI: streams buffer records and really deliver them to S3
(by size and interval, with AWS's key layout, compression, dynamic partitioning and Parquet
conversion read back through Athena), and bad requests get Firehose's errors."""
import base64
import gzip
import json
import time
import unittest
import uuid

from clients import AwsTestCase, aws, aws_json, client

ROLE = "arn:aws:iam::000000000000:role/firehose"


def unique(prefix):
    return prefix + "-" + uuid.uuid4().hex[:8]


class FirehoseTests(AwsTestCase):
    def setUp(self):
        self.fh = client("firehose")
        self.s3 = client("s3")
        self.bucket = unique("fh")
        self.s3.create_bucket(Bucket=self.bucket)

    def destination(self, **extra):
        config = {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{self.bucket}", "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0}}
        config.update(extra)
        return config

    def create(self, name, **destination):
        self.fh.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration=self.destination(**destination))

    def wait_for_keys(self, count, prefix="", timeout=15):
        deadline = time.time() + timeout
        keys = []
        while time.time() < deadline:
            keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix).get("Contents", [])]
            if len(keys) >= count:
                return sorted(keys)
            time.sleep(0.1)
        self.fail(f"expected {count} objects under {prefix!r}, found {keys}")

    def body(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def test_stream_lifecycle_description_list_tags_and_encryption(self):
        name = unique("life")
        arn = self.fh.create_delivery_stream(
            DeliveryStreamName=name, ExtendedS3DestinationConfiguration=self.destination(Prefix="p/"),
            Tags=[{"Key": "team", "Value": "data"}])["DeliveryStreamARN"]
        self.assertEqual(arn, f"arn:aws:firehose:us-east-1:000000000000:deliverystream/{name}")
        self.assertEqual("ResourceInUseException", self.code(self.fh.create_delivery_stream, DeliveryStreamName=name,
                                                             ExtendedS3DestinationConfiguration=self.destination()))
        described = self.fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
        self.assertEqual(("ACTIVE", "DirectPut", "1", "DISABLED"), (described["DeliveryStreamStatus"], described["DeliveryStreamType"],
                                                                   described["VersionId"], described["DeliveryStreamEncryptionConfiguration"]["Status"]))
        destination = described["Destinations"][0]
        self.assertEqual("destinationId-000000000001", destination["DestinationId"])
        extended = destination["ExtendedS3DestinationDescription"]
        self.assertEqual(("UNCOMPRESSED", "Disabled", {"NoEncryptionConfig": "NoEncryption"}),
                         (extended["CompressionFormat"], extended["S3BackupMode"], extended["EncryptionConfiguration"]))

        other = unique("life")
        self.create(other)
        listed = self.fh.list_delivery_streams(DeliveryStreamType="DirectPut", Limit=10000)["DeliveryStreamNames"]
        self.assertIn(name, listed)
        self.assertIn(other, listed)
        first = self.fh.list_delivery_streams(Limit=1)
        self.assertTrue(first["HasMoreDeliveryStreams"])
        after = self.fh.list_delivery_streams(Limit=1, ExclusiveStartDeliveryStreamName=first["DeliveryStreamNames"][0])
        self.assertGreater(after["DeliveryStreamNames"][0], first["DeliveryStreamNames"][0])

        self.fh.tag_delivery_stream(DeliveryStreamName=name, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "lake"}])
        self.fh.untag_delivery_stream(DeliveryStreamName=name, TagKeys=["env"])
        self.assertEqual([{"Key": "team", "Value": "lake"}], self.fh.list_tags_for_delivery_stream(DeliveryStreamName=name)["Tags"])
        self.assertEqual("ValidationException", self.code(self.fh.tag_delivery_stream, DeliveryStreamName=name, Tags=[{"Key": "aws:x", "Value": "v"}]))

        self.fh.start_delivery_stream_encryption(DeliveryStreamName=name, DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
        encryption = self.fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]
        self.assertEqual(("ENABLED", "AWS_OWNED_CMK"), (encryption["Status"], encryption["KeyType"]))
        self.assertTrue(self.fh.put_record(DeliveryStreamName=name, Record={"Data": b"secret"})["Encrypted"])
        self.fh.stop_delivery_stream_encryption(DeliveryStreamName=name)

        self.fh.delete_delivery_stream(DeliveryStreamName=name)
        self.assertEqual("ResourceNotFoundException", self.code(self.fh.describe_delivery_stream, DeliveryStreamName=name))
        self.assertEqual("ResourceNotFoundException", self.code(self.fh.put_record, DeliveryStreamName=name, Record={"Data": b"x"}))

    def test_gzip_delivery_with_aws_key_layout(self):
        name = unique("gz")
        self.create(name, Prefix="events/", CompressionFormat="GZIP")
        lines = [json.dumps({"n": i}).encode() + b"\n" for i in range(300)]
        result = self.fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": line} for line in lines])
        self.assertEqual(0, result["FailedPutCount"])
        self.assertEqual(300, len({r["RecordId"] for r in result["RequestResponses"]}))
        key = self.wait_for_keys(1, "events/")[0]
        self.assertRegex(key, rf"^events/\d{{4}}/\d{{2}}/\d{{2}}/\d{{2}}/{name}-1-\d{{4}}(-\d{{2}}){{5}}-[0-9a-f-]{{36}}\.gz$")
        self.assertEqual(b"".join(lines), gzip.decompress(self.body(key)))

    def test_custom_prefixes_and_processing_failures_go_to_the_error_prefix(self):
        name = unique("dp")
        self.fh.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration=self.destination(
            Prefix="by-customer/customer=!{partitionKeyFromQuery:customer}/year=!{timestamp:yyyy}/",
            ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
            BufferingHints={"SizeInMBs": 64, "IntervalInSeconds": 1},
            DynamicPartitioningConfiguration={"Enabled": True},
            ProcessingConfiguration={"Enabled": True, "Processors": [
                {"Type": "MetadataExtraction", "Parameters": [
                    {"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{customer: .customer.id}"},
                    {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
                {"Type": "AppendDelimiterToRecord", "Parameters": []}]}))
        records = [{"customer": {"id": i % 3}, "n": i} for i in range(9)] + [{"no": "customer"}]
        self.fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": json.dumps(r).encode()} for r in records])
        keys = self.wait_for_keys(4)
        year = time.gmtime().tm_year
        for c in range(3):
            [key] = [k for k in keys if k.startswith(f"by-customer/customer={c}/year={year}/")]
            rows = [json.loads(line) for line in self.body(key).splitlines()]
            self.assertEqual([r["n"] for r in rows], [i for i in range(9) if i % 3 == c])
        [error] = [k for k in keys if k.startswith("errors/partitioning-failed/")]
        failure = json.loads(self.body(error))
        self.assertEqual("DynamicPartitioning.MetadataExtractionFailed", failure["errorCode"])
        self.assertEqual({"no": "customer"}, json.loads(base64.b64decode(failure["rawData"])))

    def test_parquet_conversion_read_back_through_athena(self):
        glue, athena = client("glue"), client("athena")
        db = "fh_" + uuid.uuid4().hex[:8]
        glue.create_database(DatabaseInput={"Name": db})
        glue.create_table(DatabaseName=db, TableInput={"Name": "orders", "StorageDescriptor": {
            "Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "amount", "Type": "decimal(10,2)"}, {"Name": "ts", "Type": "timestamp"},
                        {"Name": "tags", "Type": "array<string>"}],
            "Location": f"s3://{self.bucket}/orders/",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}})
        name = unique("pq")
        self.fh.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration=self.destination(
            Prefix="orders/", ErrorOutputPrefix="errors/", BufferingHints={"SizeInMBs": 64, "IntervalInSeconds": 1},
            DataFormatConversionConfiguration={
                "SchemaConfiguration": {"RoleARN": ROLE, "DatabaseName": db, "TableName": "orders"},
                "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {"Compression": "SNAPPY"}}}}))
        records = [{"ID": i, "amount": i * 1.25, "ts": 1700000000 + i, "tags": ["x"] * (i % 3)} for i in range(100)] + [{"id": "bad"}]
        self.fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": json.dumps(r).encode()} for r in records])
        keys = self.wait_for_keys(2)
        self.assertTrue(any(k.startswith("orders/") and k.endswith(".parquet") for k in keys), keys)
        [error] = [k for k in keys if k.startswith("errors/")]
        self.assertRegex(error, r"^errors/\d{4}/\d{2}/\d{2}/\d{2}/")
        self.assertEqual("DataFormatConversion.MalformedData", json.loads(self.body(error))["errorCode"])

        qid = athena.start_query_execution(QueryString="SELECT count(*), sum(amount), max(ts), sum(cardinality(tags)) FROM orders",
                                           QueryExecutionContext={"Database": db},
                                           ResultConfiguration={"OutputLocation": f"s3://{self.bucket}/athena/"})["QueryExecutionId"]
        for _ in range(300):
            state = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
            if state["State"] not in ("QUEUED", "RUNNING"):
                break
            time.sleep(0.05)
        self.assertEqual("SUCCEEDED", state["State"], state.get("StateChangeReason"))
        row = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"][1]["Data"]
        self.assertEqual(["100", "6187.50", "2023-11-14 22:14:59.000", "99"], [d["VarCharValue"] for d in row])

    def test_seed_tutorial_firehose_walk_with_the_cli(self):
        stream = unique("customers_stream")
        aws("kinesis", "create-stream", "--stream-name", stream, "--shard-count", "1")
        stream_arn = aws_json("kinesis", "describe-stream", "--stream-name", stream)["StreamDescription"]["StreamARN"]
        name = unique("customers_firehose")
        aws("firehose", "create-delivery-stream", "--delivery-stream-name", name, "--delivery-stream-type", "KinesisStreamAsSource",
            "--kinesis-stream-source-configuration", f"KinesisStreamARN={stream_arn},RoleARN={ROLE}",
            "--extended-s3-destination-configuration", json.dumps(self.destination(Prefix="customers/", BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 1})))
        sent = [
            "{'customerid': '293' , 'firstname':'Catherine' ,'lastname': 'Abel' ,'fullname': 'Catherine Abel'}",
            "{'customerid': '295' , 'firstname':'Kim' ,'lastname': 'Abercrombie' ,'fullname': 'Kim Abercrombie'}",
            "{'customerid': '297' , 'firstname':'Humberto' ,'lastname': 'Acevedo' ,'fullname': 'Humberto Acevedo'}",
        ]
        for data in sent:
            aws("kinesis", "put-record", "--stream-name", stream, "--partition-key", "customer", "--data", data)
        # The CLI calls can straddle a buffer interval, so the records may arrive in more than one object.
        deadline = time.time() + 15
        delivered = ""
        while time.time() < deadline and len(delivered) < len("".join(sent)):
            delivered = b"".join(self.body(k) for k in self.wait_for_keys(1, "customers/")).decode()
            time.sleep(0.1)
        self.assertEqual("".join(sent), delivered)
        described = aws_json("firehose", "describe-delivery-stream", "--delivery-stream-name", name)["DeliveryStreamDescription"]
        self.assertEqual(stream_arn, described["Source"]["KinesisStreamSourceDescription"]["KinesisStreamARN"])
        self.assertIn("InvalidArgumentException", aws("firehose", "put-record", "--delivery-stream-name", name, "--record", "Data=eA==", check=False).stderr)

    def test_invalid_configurations_are_refused_with_firehose_errors(self):
        def create(**destination):
            return self.code(self.fh.create_delivery_stream, DeliveryStreamName=unique("bad"), ExtendedS3DestinationConfiguration=self.destination(**destination))

        conversion = {"SchemaConfiguration": {"RoleARN": ROLE, "DatabaseName": "d", "TableName": "t"},
                      "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                      "OutputFormatConfiguration": {"Serializer": {"OrcSerDe": {}}}}
        cases = {
            "expression without error prefix": create(Prefix="p/!{timestamp:yyyy}/"),
            "error type in prefix": create(Prefix="p/!{firehose:error-output-type}/", ErrorOutputPrefix="e/!{firehose:error-output-type}"),
            "error prefix without error type": create(Prefix="p/!{timestamp:yyyy}/", ErrorOutputPrefix="e/!{timestamp:yyyy}/"),
            "unknown namespace": create(Prefix="p/!{nope:x}/", ErrorOutputPrefix="e/!{firehose:error-output-type}"),
            "partition key without partitioning": create(Prefix="p/!{partitionKeyFromQuery:k}/", ErrorOutputPrefix="e/!{firehose:error-output-type}"),
            "partitioning with a small buffer": create(Prefix="p/!{partitionKeyFromQuery:k}/", ErrorOutputPrefix="e/",
                                                       DynamicPartitioningConfiguration={"Enabled": True}),
            "orc output": create(BufferingHints={"SizeInMBs": 64, "IntervalInSeconds": 60}, DataFormatConversionConfiguration=conversion),
            "compressed conversion": create(CompressionFormat="GZIP", BufferingHints={"SizeInMBs": 64, "IntervalInSeconds": 60},
                                            DataFormatConversionConfiguration=dict(conversion, OutputFormatConfiguration={"Serializer": {"ParquetSerDe": {}}})),
            "lambda processor": create(ProcessingConfiguration={"Enabled": True, "Processors": [
                {"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": "arn:aws:lambda:us-east-1:000000000000:function:f"}]}]}),
        }
        self.assertEqual({k: "InvalidArgumentException" for k in cases}, cases)
        self.assertEqual("InvalidArgumentException", self.code(
            self.fh.create_delivery_stream, DeliveryStreamName=unique("bad"),
            RedshiftDestinationConfiguration={"RoleARN": ROLE, "ClusterJDBCURL": "jdbc:redshift://x:5439/db", "CopyCommand": {"DataTableName": "t"},
                                              "Username": "u", "Password": "password1", "S3Configuration": self.destination()}))
        self.assertEqual("InvalidArgumentException", self.code(
            self.fh.create_delivery_stream, DeliveryStreamName=unique("bad"), DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={"KinesisStreamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/none", "RoleARN": ROLE},
            ExtendedS3DestinationConfiguration=self.destination()))
        self.assertEqual("ValidationException", create(BucketARN="not-an-arn"))
        self.assertEqual("ValidationException", self.code(self.fh.create_delivery_stream, DeliveryStreamName="bad name!",
                                                          ExtendedS3DestinationConfiguration=self.destination()))

    def test_record_limits(self):
        name = unique("limits")
        self.create(name)
        unchecked = client("firehose", parameter_validation=False)
        self.assertEqual("ValidationException", self.code(unchecked.put_record_batch, DeliveryStreamName=name, Records=[{"Data": b"x"}] * 501))
        self.assertEqual("ValidationException", self.code(unchecked.put_record_batch, DeliveryStreamName=name, Records=[]))
        self.assertEqual("ValidationException", self.code(self.fh.put_record, DeliveryStreamName=name, Record={"Data": b"x" * 1_024_001}))
        self.assertEqual("InvalidArgumentException", self.code(self.fh.put_record_batch, DeliveryStreamName=name,
                                                               Records=[{"Data": b"x" * 1_000_000}] * 5))
        self.assertEqual(1, len(self.fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": b"x" * 1_024_000}])["RequestResponses"]))


if __name__ == "__main__":
    unittest.main()
