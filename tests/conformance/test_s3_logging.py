"""S3 server access logging through boto3: the logging status is stored and returned, a target
bucket is checked, and requests to the logged bucket arrive as AWS-format records in the target
bucket (Basin delivers every 10 s; S3 takes hours)."""
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import client


class S3LoggingTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "logged-" + uuid.uuid4().hex[:12]
        self.target = "log-target-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.create_bucket(Bucket=self.target)

    def test_logging_status_and_delivery(self):
        self.assertNotIn("LoggingEnabled", self.s3.get_bucket_logging(Bucket=self.bucket))
        with self.assertRaises(ClientError) as raised:
            self.s3.put_bucket_logging(Bucket=self.bucket, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "no-such-" + uuid.uuid4().hex[:8], "TargetPrefix": "x/"}})
        self.assertEqual("InvalidTargetBucketForLogging", raised.exception.response["Error"]["Code"])

        self.s3.put_bucket_logging(Bucket=self.bucket, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": self.target, "TargetPrefix": "access/", "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}}}})
        self.assertEqual(self.target, self.s3.get_bucket_logging(Bucket=self.bucket)["LoggingEnabled"]["TargetBucket"])
        self.s3.put_object(Bucket=self.bucket, Key="report.csv", Body=b"a,b")

        deadline, keys = time.time() + 30, []
        while time.time() < deadline and not keys:
            keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.target).get("Contents", [])]
            time.sleep(0.5)
        self.assertTrue(keys, "no access log was delivered within 30 s")
        self.assertRegex(keys[0], rf"^access/000000000000/us-east-1/{self.bucket}/\d{{4}}/\d{{2}}/\d{{2}}/\d{{4}}(-\d{{2}}){{5}}-[0-9A-F]{{16}}$")
        body = b"".join(self.s3.get_object(Bucket=self.target, Key=k)["Body"].read() for k in keys).decode()
        self.assertIn(" REST.PUT.OBJECT report.csv ", body)

        self.s3.put_bucket_logging(Bucket=self.bucket, BucketLoggingStatus={})
        self.assertNotIn("LoggingEnabled", self.s3.get_bucket_logging(Bucket=self.bucket))


if __name__ == "__main__":
    unittest.main()
