"""S3 lifecycle configuration through boto3 and the AWS CLI: rules are stored and returned, checked
as S3 checks them, and announced on objects with x-amz-expiration; archived objects need a restore. (The rules really running is
proven in-process with a movable clock: tests/Basin.Tests/S3/LifecycleRunnerTests.cs.)"""
import datetime
import json
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import aws, aws_json, client


class S3LifecycleTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.unchecked = client("s3", parameter_validation=False)
        self.bucket = "lifecycle-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def put(self, *rules):
        return self.s3.put_bucket_lifecycle_configuration(Bucket=self.bucket, LifecycleConfiguration={"Rules": list(rules)})

    def refused(self, rule):
        return self.error(self.unchecked.put_bucket_lifecycle_configuration, Bucket=self.bucket, LifecycleConfiguration={"Rules": [rule]})

    def test_rules_round_trip_and_announce_expiry(self):
        missing = self.error(self.s3.get_bucket_lifecycle_configuration, Bucket=self.bucket)
        self.assertEqual(("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"), (missing["Code"], missing["Message"]))
        rules = [
            {"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 7}},
            {"ID": "archive", "Status": "Enabled", "Filter": {"And": {"Prefix": "raw/", "Tags": [{"Key": "tier", "Value": "cold"}]}},
             "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 365, "StorageClass": "DEEP_ARCHIVE"}]},
            {"ID": "versions", "Status": "Disabled", "Filter": {"ObjectSizeGreaterThan": 1024},
             "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 2}},
            {"ID": "uploads", "Status": "Enabled", "Filter": {"Prefix": ""}, "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 3}},
        ]
        self.assertEqual("all_storage_classes_128K", self.put(*rules)["TransitionDefaultMinimumObjectSize"])
        self.assertEqual(rules, self.s3.get_bucket_lifecycle_configuration(Bucket=self.bucket)["Rules"])

        written = self.s3.put_object(Bucket=self.bucket, Key="logs/today.log", Body=b"x")
        self.assertIn('rule-id="expire-logs"', written["Expiration"])
        head = self.s3.head_object(Bucket=self.bucket, Key="logs/today.log")
        expiry = datetime.datetime.strptime(head["Expiration"].split('"')[1], "%a, %d %b %Y %H:%M:%S GMT")
        self.assertEqual((0, 0, 0), (expiry.hour, expiry.minute, expiry.second))
        self.s3.put_object(Bucket=self.bucket, Key="other", Body=b"x")
        self.assertNotIn("Expiration", self.s3.head_object(Bucket=self.bucket, Key="other"))

        self.assertEqual(204, self.s3.delete_bucket_lifecycle(Bucket=self.bucket)["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("NoSuchLifecycleConfiguration", self.error(self.s3.get_bucket_lifecycle_configuration, Bucket=self.bucket)["Code"])

    def test_invalid_rules_are_refused_like_s3(self):
        base = {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}}
        self.assertEqual("InvalidRequest", self.refused(base)["Code"])  # no action
        self.assertEqual("MalformedXML", self.refused({**base, "Status": "On", "Expiration": {"Days": 1}})["Code"])
        self.assertEqual("MalformedXML", self.refused({"ID": "r", "Status": "Enabled", "Expiration": {"Days": 1}})["Code"])  # neither Filter nor Prefix
        self.assertEqual("InvalidArgument", self.refused({**base, "Expiration": {"Days": 0}})["Code"])
        self.assertEqual("InvalidArgument", self.refused({**base, "Expiration": {"Date": datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)}})["Code"])
        too_soon = self.refused({**base, "Transitions": [{"Days": 10, "StorageClass": "STANDARD_IA"}]})
        self.assertEqual(("InvalidArgument", "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'"),
                         (too_soon["Code"], too_soon["Message"]))
        self.assertEqual("InvalidArgument", self.refused({**base, "Transitions": [{"Days": 60, "StorageClass": "GLACIER"}], "Expiration": {"Days": 30}})["Code"])
        self.assertEqual("MalformedXML", self.refused({**base, "Transitions": [{"Days": 60, "StorageClass": "STANDARD"}]})["Code"])
        self.assertEqual("InvalidRequest", self.refused({"ID": "r", "Status": "Enabled", "Filter": {"Tag": {"Key": "a", "Value": "b"}},
                                                         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}})["Code"])
        duplicate = self.error(self.unchecked.put_bucket_lifecycle_configuration, Bucket=self.bucket,
                               LifecycleConfiguration={"Rules": [{**base, "Expiration": {"Days": 1}}, {**base, "Expiration": {"Days": 2}}]})
        self.assertEqual("InvalidArgument", duplicate["Code"])

    def test_archived_objects_need_a_restore(self):
        self.s3.put_object(Bucket=self.bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
        refused = self.error(self.s3.get_object, Bucket=self.bucket, Key="cold")
        self.assertEqual(("InvalidObjectState", "GLACIER"), (refused["Code"], refused["StorageClass"]))
        self.assertEqual("GLACIER", self.s3.head_object(Bucket=self.bucket, Key="cold")["StorageClass"])
        started = self.s3.restore_object(Bucket=self.bucket, Key="cold", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Bulk"}})
        self.assertEqual(202, started["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual('ongoing-request="true"', self.s3.head_object(Bucket=self.bucket, Key="cold")["Restore"])
        self.assertEqual("RestoreAlreadyInProgress", self.error(self.s3.restore_object, Bucket=self.bucket, Key="cold", RestoreRequest={"Days": 1})["Code"])
        self.s3.put_object(Bucket=self.bucket, Key="warm", Body=b"x", StorageClass="STANDARD_IA")
        self.assertEqual(b"x", self.s3.get_object(Bucket=self.bucket, Key="warm")["Body"].read())
        self.assertEqual("InvalidObjectState", self.error(self.s3.restore_object, Bucket=self.bucket, Key="warm", RestoreRequest={"Days": 1})["Code"])

    def test_cli_lifecycle(self):
        document = {"Rules": [{"ID": "cli", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]}
        aws("s3api", "put-bucket-lifecycle-configuration", "--bucket", self.bucket, "--lifecycle-configuration", json.dumps(document))
        self.assertEqual(document["Rules"], aws_json("s3api", "get-bucket-lifecycle-configuration", "--bucket", self.bucket)["Rules"])


if __name__ == "__main__":
    unittest.main()
