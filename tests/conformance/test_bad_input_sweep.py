"""Every operation of every JSON and REST service, sent with missing or partial input (boto3's
own validation switched off, as a hand-written or other-language client might): Basin must
answer with an AWS 4xx error or, for an operation it does not implement, 501 NotImplemented,
never a 500."""
import unittest
import uuid

import botocore
from botocore.exceptions import ClientError

from clients import AwsTestCase, client


class BadInputSweepTests(AwsTestCase):
    def sweep(self, service, args_for):
        unchecked = client(service, parameter_validation=False)
        server_errors = []
        for operation in unchecked.meta.service_model.operation_names:
            model = unchecked.meta.service_model.operation_model(operation)
            members = model.input_shape.members if model.input_shape else {}
            args = {k: v for k, v in args_for.items() if k in members}
            try:
                getattr(unchecked, botocore.xform_name(operation))(**args)
            except ClientError as e:
                status = e.response["ResponseMetadata"]["HTTPStatusCode"]
                if status >= 500 and e.response["Error"]["Code"] != "NotImplemented":
                    server_errors.append((operation, status, e.response["Error"]))
            except (botocore.exceptions.ParamValidationError, KeyError):
                pass  # the client cannot even build this request (e.g. a missing URI label)
        self.assertEqual(server_errors, [])

    def test_kinesis_and_sts_with_no_input(self):
        self.sweep("kinesis", {})
        self.sweep("sts", {})

    def test_firehose_with_no_input_and_empty_structures(self):
        self.sweep("firehose", {})
        s3, firehose = client("s3"), client("firehose")
        bucket = "sweep-" + uuid.uuid4().hex[:8]
        s3.create_bucket(Bucket=bucket)
        name = "sweep-" + uuid.uuid4().hex[:8]
        firehose.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::000000000000:role/r", "BucketARN": f"arn:aws:s3:::{bucket}"})
        self.sweep("firehose", {"DeliveryStreamName": name, "Record": {}, "Records": [{}], "Tags": [{}], "TagKeys": [None],
                                "ExtendedS3DestinationConfiguration": {}, "ExtendedS3DestinationUpdate": {"BufferingHints": {}},
                                "DestinationId": "destinationId-000000000001", "CurrentDeliveryStreamVersionId": "1",
                                "DeliveryStreamEncryptionConfigurationInput": {}})
        self.sweep("firehose", {"DeliveryStreamName": "sweep-new-" + uuid.uuid4().hex[:8], "DeliveryStreamType": "KinesisStreamAsSource",
                                "KinesisStreamSourceConfiguration": {}, "S3DestinationConfiguration": {"RoleARN": "arn:aws:iam::000000000000:role/r"},
                                "ExtendedS3DestinationConfiguration": {"ProcessingConfiguration": {"Enabled": True, "Processors": [{"Parameters": [{}]}]},
                                                                       "DataFormatConversionConfiguration": {}, "DynamicPartitioningConfiguration": {"Enabled": True}}})
        role, backup = "arn:aws:iam::000000000000:role/r", {"RoleARN": "arn:aws:iam::000000000000:role/r", "BucketARN": f"arn:aws:s3:::{bucket}"}
        http_name = "sweep-http-" + uuid.uuid4().hex[:8]
        firehose.create_delivery_stream(DeliveryStreamName=http_name, HttpEndpointDestinationConfiguration={
            "EndpointConfiguration": {"Url": "https://127.0.0.1:9/"}, "S3Configuration": backup, "RoleARN": role})
        self.sweep("firehose", {"DeliveryStreamName": http_name, "DestinationId": "destinationId-000000000001", "CurrentDeliveryStreamVersionId": "1",
                                "HttpEndpointDestinationUpdate": {"EndpointConfiguration": {}, "BufferingHints": {}, "RetryOptions": {}, "S3Update": {},
                                                                  "RequestConfiguration": {"CommonAttributes": [{}]}}})
        self.sweep("firehose", {"DeliveryStreamName": "sweep-new-" + uuid.uuid4().hex[:8],
                                "HttpEndpointDestinationConfiguration": {"EndpointConfiguration": {}, "S3Configuration": {}, "BufferingHints": {},
                                                                         "RequestConfiguration": {"CommonAttributes": [{}]}, "RetryOptions": {}}})

    def test_glue_with_empty_structures(self):
        glue = client("glue")
        db = "sweep_" + uuid.uuid4().hex[:8]
        glue.create_database(DatabaseInput={"Name": db})
        glue.create_table(DatabaseName=db, TableInput={"Name": "t", "PartitionKeys": [{"Name": "p"}]})
        glue.create_partition(DatabaseName=db, TableName="t", PartitionInput={"Values": ["1"]})
        self.sweep("glue", {
            "DatabaseName": db, "TableName": "t", "Name": "t", "DatabaseInput": {}, "TableInput": {}, "PartitionInput": {},
            "PartitionInputList": [{}], "PartitionsToGet": [{}], "PartitionsToDelete": [{}], "ConnectionInput": {}, "FunctionInput": {},
            "PartitionIndex": {}, "GrokClassifier": {}, "CsvClassifier": {}, "Filters": [{}], "SortCriteria": [{}], "TablesToDelete": [None],
            "VersionIds": [None], "TagsToAdd": {}, "TagsToRemove": [None], "PartitionValues": [None], "PartitionValueList": [None],
            "ConnectionNameList": [None], "Segment": {}, "ResourceArn": f"arn:aws:glue:us-east-1:000000000000:table/{db}/t"})

    def test_s3_with_only_bucket_and_key(self):
        s3 = client("s3")
        bucket = "sweep-" + uuid.uuid4().hex[:8]
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="k", Body=b"x")
        self.sweep("s3", {"Bucket": bucket, "Key": "k"})


if __name__ == "__main__":
    unittest.main()
