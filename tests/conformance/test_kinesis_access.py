"""Kinesis resource policies under `basin up --auth sigv4`, with two accounts and a user: other
accounts reach a stream only by ARN and only for the actions its policy allows; explicit Deny
statements bind the owner's own users; consumers carry their own policies; policies are managed
by the owner's account only, checked when attached, kept across a restart and dropped with the stream."""
import json
import uuid

from botocore.exceptions import ClientError

from basin_server import OTHER, OWNER, sigv4_server
from clients import AwsTestCase, client


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


class KinesisAccessTests(AwsTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = sigv4_server(prefix="basin-kinesis-access-")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def setUp(self):
        self.connect()
        self.name = "shared_" + uuid.uuid4().hex[:10]
        self.owner.create_stream(StreamName=self.name, ShardCount=1)
        self.arn = self.owner.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]["StreamARN"]

    def connect(self):
        url = self.server.endpoint
        self.owner = client("kinesis", url=url)
        self.analyst = client("kinesis", key="analyst", secret="analyst-secret", url=url)
        self.other = client("kinesis", key="other", secret="other-secret", url=url)

    def message(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def test_other_accounts_need_a_policy_grant_and_the_arn(self):
        error = self.message(self.other.put_record, StreamARN=self.arn, PartitionKey="k", Data=b"x")
        self.assertEqual("AccessDeniedException", error["Code"])
        self.assertIn(f"arn:aws:iam::{OTHER}:root is not authorized to perform: kinesis:PutRecord on resource: {self.arn}", error["Message"])
        # By name, a stream resolves in the caller's own account, where there is none.
        self.assertEqual("ResourceNotFoundException", self.code(self.other.describe_stream_summary, StreamName=self.name))

        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=policy({
            "Effect": "Allow", "Principal": {"AWS": OTHER},
            "Action": ["kinesis:PutRecord", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords"],
            "Resource": self.arn}))
        put = self.other.put_record(StreamARN=self.arn, PartitionKey="k", Data=b"shared")
        self.assertEqual(self.name, self.other.describe_stream_summary(StreamARN=self.arn)["StreamDescriptionSummary"]["StreamName"])
        iterator = self.other.get_shard_iterator(StreamARN=self.arn, ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual([b"shared"], [r["Data"] for r in self.other.get_records(ShardIterator=iterator)["Records"]])
        # Only the granted actions: ListShards and PutRecords stay refused.
        self.assertEqual("AccessDeniedException", self.code(self.other.list_shards, StreamARN=self.arn))
        self.assertEqual("AccessDeniedException", self.code(self.other.put_records, StreamARN=self.arn, Records=[{"PartitionKey": "k", "Data": b"x"}]))

    def test_an_iterator_does_not_outlive_the_grant(self):
        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=policy({
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": ["kinesis:GetShardIterator", "kinesis:GetRecords"], "Resource": self.arn}))
        iterator = self.other.get_shard_iterator(StreamARN=self.arn, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.owner.delete_resource_policy(ResourceARN=self.arn)
        self.assertEqual("AccessDeniedException", self.code(self.other.get_records, ShardIterator=iterator))

    def test_explicit_deny_binds_the_owners_own_users(self):
        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=policy({
            "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{OWNER}:user/analyst"},
            "Action": "kinesis:Put*", "Resource": self.arn}))
        self.assertEqual("AccessDeniedException", self.code(self.analyst.put_record, StreamName=self.name, PartitionKey="k", Data=b"x"))
        self.analyst.describe_stream_summary(StreamName=self.name)
        self.owner.put_record(StreamName=self.name, PartitionKey="k", Data=b"x")

    def test_conditions_are_evaluated(self):
        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=policy({
            "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "kinesis:DescribeStreamSummary", "Resource": self.arn,
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}))
        # Basin serves plain HTTP, so a grant that requires TLS never applies.
        self.assertEqual("AccessDeniedException", self.code(self.other.describe_stream_summary, StreamARN=self.arn))

    def test_consumers_carry_their_own_policies(self):
        consumer = self.owner.register_stream_consumer(StreamARN=self.arn, ConsumerName="reader")["Consumer"]["ConsumerARN"]
        self.assertEqual("AccessDeniedException", self.code(self.other.describe_stream_consumer, ConsumerARN=consumer))
        self.owner.put_resource_policy(ResourceARN=consumer, Policy=policy({
            "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], "Resource": consumer}))
        self.assertEqual("reader", self.other.describe_stream_consumer(ConsumerARN=consumer)["ConsumerDescription"]["ConsumerName"])
        self.assertIn("kinesis:SubscribeToShard", self.owner.get_resource_policy(ResourceARN=consumer)["Policy"])
        # Deregistering the consumer drops its policy with it.
        self.owner.deregister_stream_consumer(ConsumerARN=consumer)
        self.assertEqual("ResourceNotFoundException", self.code(self.owner.get_resource_policy, ResourceARN=consumer))

    def test_policy_management(self):
        self.assertEqual("{}", self.owner.get_resource_policy(ResourceARN=self.arn)["Policy"])
        text = policy({"Sid": "read", "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "kinesis:GetRecords", "Resource": self.arn})
        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=text)
        self.assertEqual(text, self.owner.get_resource_policy(ResourceARN=self.arn)["Policy"])
        # Another account may neither read nor change the policy, even one that grants it access.
        self.assertEqual("AccessDeniedException", self.code(self.other.get_resource_policy, ResourceARN=self.arn))
        self.assertEqual("AccessDeniedException", self.code(self.other.put_resource_policy, ResourceARN=self.arn, Policy=text))
        self.owner.delete_resource_policy(ResourceARN=self.arn)
        self.assertEqual("ResourceNotFoundException", self.code(self.owner.delete_resource_policy, ResourceARN=self.arn))

    def test_policies_are_checked_when_attached(self):
        for bad in ["not json", policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject", "Resource": self.arn}),
                    policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "kinesis:GetRecords", "Resource": self.arn.replace(self.name, "elsewhere")}),
                    policy({"Effect": "Maybe", "Principal": {"AWS": OTHER}, "Action": "kinesis:GetRecords", "Resource": self.arn})]:
            self.assertEqual("InvalidArgumentException", self.code(self.owner.put_resource_policy, ResourceARN=self.arn, Policy=bad), bad)
        self.assertEqual("ValidationException", self.code(self.owner.put_resource_policy, ResourceARN="arn:aws:s3:::bucket", Policy="{}"))
        self.assertEqual("ResourceNotFoundException", self.code(self.owner.get_resource_policy, ResourceARN=self.arn + "-missing"))

    def test_policies_survive_a_restart_and_go_with_the_stream(self):
        text = policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "kinesis:DescribeStreamSummary", "Resource": self.arn})
        self.owner.put_resource_policy(ResourceARN=self.arn, Policy=text)
        self.server.restart()
        self.connect()
        self.assertEqual(text, self.owner.get_resource_policy(ResourceARN=self.arn)["Policy"])
        self.other.describe_stream_summary(StreamARN=self.arn)
        self.owner.delete_stream(StreamName=self.name)
        self.owner.create_stream(StreamName=self.name, ShardCount=1)
        self.assertEqual("{}", self.owner.get_resource_policy(ResourceARN=self.arn)["Policy"])
        self.assertEqual("AccessDeniedException", self.code(self.other.describe_stream_summary, StreamARN=self.arn))
