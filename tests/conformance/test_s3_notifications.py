"""S3 bucket notification configuration through boto3: configurations are checked (event names,
ARNs, key filters, overlaps) and stored with Ids; Basin has no SNS/SQS/Lambda yet, so no events
are sent (see docs/services/s3.md)."""
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import client

QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads"
TOPIC = "arn:aws:sns:us-east-1:000000000000:alerts"


class S3NotificationTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "notify-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def refused(self, configuration):
        with self.assertRaises(ClientError) as raised:
            self.s3.put_bucket_notification_configuration(Bucket=self.bucket, NotificationConfiguration=configuration)
        return raised.exception.response["Error"]

    def test_configuration_round_trip(self):
        empty = self.s3.get_bucket_notification_configuration(Bucket=self.bucket)
        self.assertNotIn("QueueConfigurations", empty)
        configuration = {
            "QueueConfigurations": [{"Id": "csv", "QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                                     "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "raw/"}, {"Name": "suffix", "Value": ".csv"}]}}}],
            "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:Delete"]}],
        }
        self.s3.put_bucket_notification_configuration(Bucket=self.bucket, NotificationConfiguration=configuration)
        stored = self.s3.get_bucket_notification_configuration(Bucket=self.bucket)
        self.assertEqual("csv", stored["QueueConfigurations"][0]["Id"])
        self.assertEqual(QUEUE, stored["QueueConfigurations"][0]["QueueArn"])
        self.assertTrue(stored["TopicConfigurations"][0]["Id"])
        self.s3.put_bucket_notification_configuration(Bucket=self.bucket, NotificationConfiguration={})
        self.assertNotIn("QueueConfigurations", self.s3.get_bucket_notification_configuration(Bucket=self.bucket))

    def test_invalid_configurations(self):
        self.assertEqual("InvalidArgument", self.refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectMoved:*"]}]})["Code"])
        self.assertEqual("InvalidArgument", self.refused({"QueueConfigurations": [{"QueueArn": TOPIC, "Events": ["s3:ObjectCreated:*"]}]})["Code"])
        overlap = self.refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"]},
                                                        {"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:Put"]}]})
        self.assertIn("overlap", overlap["Message"])
        two_prefixes = self.refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"], "Filter": {"Key": {"FilterRules": [
            {"Name": "prefix", "Value": "a"}, {"Name": "prefix", "Value": "b"}]}}}]})
        self.assertEqual("InvalidArgument", two_prefixes["Code"])


if __name__ == "__main__":
    unittest.main()
