"""S3 bucket notification configuration through boto3: configurations are checked (event names,
ARNs, key filters, overlaps) and stored with Ids, and matching writes and deletes publish records
in S3's event format on Basin's event bus (visible at GET /_basin/events). Basin has no
SNS/SQS/Lambda yet, so nothing delivers them (see docs/services/s3.md)."""
import json
import unittest
import urllib.request
import uuid

from botocore.exceptions import ClientError

from clients import client, endpoint

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

    def events_for(self, destination):
        with urllib.request.urlopen(endpoint() + "/_basin/events") as response:
            events = json.load(response)
        return [e["document"] for e in events if e["destination"] == destination and self.bucket in json.dumps(e["document"])]

    def test_matching_events_are_published_in_s3s_record_format(self):
        self.s3.put_bucket_notification_configuration(Bucket=self.bucket, NotificationConfiguration={
            "QueueConfigurations": [{"Id": "csv", "QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                                     "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "raw/"}]}}}],
            "TopicConfigurations": [{"Id": "gone", "TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:*"]}],
            "EventBridgeConfiguration": {},
        })
        put = self.s3.put_object(Bucket=self.bucket, Key="raw/dt=2024-01-01/a b.csv", Body=b"1,2\n")
        self.s3.put_object(Bucket=self.bucket, Key="other/x", Body=b"x")
        self.s3.delete_object(Bucket=self.bucket, Key="raw/dt=2024-01-01/a b.csv")
        created = self.events_for(QUEUE)
        self.assertEqual(1, len(created))
        record = created[0]["Records"][0]
        self.assertEqual(("aws:s3", "ObjectCreated:Put", "csv"), (record["eventSource"], record["eventName"], record["s3"]["configurationId"]))
        self.assertEqual("raw/dt%3D2024-01-01/a+b.csv", record["s3"]["object"]["key"])
        self.assertEqual((4, put["ETag"].strip('"')), (record["s3"]["object"]["size"], record["s3"]["object"]["eTag"]))
        self.assertEqual(["ObjectRemoved:Delete"], [d["Records"][0]["eventName"] for d in self.events_for(TOPIC)])
        bridge = self.events_for("arn:aws:events:us-east-1:000000000000:event-bus/default")
        self.assertEqual(["Object Created", "Object Created", "Object Deleted"], [e["detail-type"] for e in bridge])

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
