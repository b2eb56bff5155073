"""Kinesis Data Streams through boto3 and the AWS CLI (the seed tutorial's walk included)."""
import base64
import datetime
import hashlib
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from basin_server import BasinServer
from clients import AwsTestCase, aws, aws_json, client


def stream_name():
    return "s_" + uuid.uuid4().hex[:10]


def read_all(kinesis, stream, shard_id, iterator_type="TRIM_HORIZON", **kwargs):
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard_id, ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]
    records = []
    while True:
        page = kinesis.get_records(ShardIterator=iterator, Limit=1000)
        records.extend(page["Records"])
        if not page["Records"] or page["MillisBehindLatest"] == 0 and len(page["Records"]) < 1000:
            return records
        iterator = page["NextShardIterator"]


class KinesisTests(AwsTestCase):
    def setUp(self):
        self.k = client("kinesis")

    def test_seed_tutorial_walk_with_the_cli(self):
        aws("kinesis", "create-stream", "--stream-name", "customers_stream_t", "--shard-count", "1")
        # AWS CLI v1 sends --data as-is (v2 needs --cli-binary-format raw-in-base64-out for the same effect).
        sent = "{'customerid': '293' , 'firstname':'Catherine' ,'lastname': 'Abel' ,'fullname': 'Catherine Abel'}"
        put = aws_json("kinesis", "put-record", "--stream-name", "customers_stream_t", "--partition-key", "customer", "--data", sent)
        self.assertEqual(put["ShardId"], "shardId-000000000000")
        described = aws_json("kinesis", "describe-stream", "--stream-name", "customers_stream_t")["StreamDescription"]
        self.assertEqual(described["StreamStatus"], "ACTIVE")
        shard = described["Shards"][0]["ShardId"]
        iterator = aws_json("kinesis", "get-shard-iterator", "--stream-name", "customers_stream_t", "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
        records = aws_json("kinesis", "get-records", "--shard-iterator", iterator)["Records"]
        self.assertEqual([base64.b64decode(r["Data"]).decode() for r in records], [sent])
        self.assertEqual(records[0]["SequenceNumber"], put["SequenceNumber"])

    def test_put_records_routes_by_md5_and_keeps_order(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=4)
        self.k.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1})
        shards = self.k.list_shards(StreamName=name)["Shards"]
        self.assertEqual(len(shards), 4)
        self.assertEqual(shards[-1]["HashKeyRange"]["EndingHashKey"], str(2**128 - 1))
        self.assertEqual(shards[1]["HashKeyRange"]["StartingHashKey"], str(2**128 // 4))
        entries = [{"PartitionKey": f"key-{i % 37}", "Data": f"record {i}".encode()} for i in range(500)]
        result = self.k.put_records(StreamName=name, Records=entries)
        self.assertEqual(result["FailedRecordCount"], 0)
        for entry, outcome in zip(entries, result["Records"]):
            h = int.from_bytes(hashlib.md5(entry["PartitionKey"].encode()).digest(), "big")
            expected = next(s["ShardId"] for s in shards if int(s["HashKeyRange"]["StartingHashKey"]) <= h <= int(s["HashKeyRange"]["EndingHashKey"]))
            self.assertEqual(outcome["ShardId"], expected)
        got = {}
        for s in shards:
            for r in read_all(self.k, name, s["ShardId"]):
                got.setdefault(r["PartitionKey"], []).append((r["SequenceNumber"], r["Data"].decode()))
        self.assertEqual(sum(len(v) for v in got.values()), 500)
        for key, records in got.items():
            self.assertEqual(records, sorted(records), f"order broken for {key}")
            self.assertEqual([d for _, d in records], [e["Data"].decode() for e in entries if e["PartitionKey"] == key])

    def test_explicit_hash_key_and_stream_arn(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=2)
        arn = self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        put = self.k.put_record(StreamARN=arn, PartitionKey="any", ExplicitHashKey=str(2**128 - 1), Data=b"last")
        self.assertEqual(put["ShardId"], "shardId-000000000001")
        self.assertEqual(self.code(self.k.put_record, StreamName=name, PartitionKey="a", ExplicitHashKey=str(2**128), Data=b"x"), "InvalidArgumentException")

    def test_limits_and_validation(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=1)
        self.assertEqual(self.code(self.k.put_records, StreamName=name, Records=[{"PartitionKey": "k", "Data": b"x"}] * 501), "ValidationException")
        self.assertEqual(self.code(self.k.put_record, StreamName=name, PartitionKey="k", Data=b"x" * (1024 * 1024)), "ValidationException")
        self.assertEqual(self.code(self.k.put_record, StreamName=name, PartitionKey="k" * 257, Data=b"x"), "ValidationException")
        big = [{"PartitionKey": "k", "Data": b"x" * (1000 * 1024)} for _ in range(6)]
        self.assertEqual(self.code(self.k.put_records, StreamName=name, Records=big), "InvalidArgumentException")
        self.k.put_record(StreamName=name, PartitionKey="k", Data=b"x" * (1024 * 1024 - 1))

    def test_iterator_types(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=1)
        shard = "shardId-000000000000"
        seqs = [self.k.put_record(StreamName=name, PartitionKey="p", Data=f"{i}".encode())["SequenceNumber"] for i in range(5)]
        self.assertEqual(seqs, sorted(seqs))
        data = lambda recs: [r["Data"].decode() for r in recs]
        self.assertEqual(data(read_all(self.k, name, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2])), ["2", "3", "4"])
        self.assertEqual(data(read_all(self.k, name, shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2])), ["3", "4"])
        latest = self.k.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
        self.assertEqual(self.k.get_records(ShardIterator=latest)["Records"], [])
        self.k.put_record(StreamName=name, PartitionKey="p", Data=b"new")
        self.assertEqual(data(self.k.get_records(ShardIterator=latest)["Records"]), ["new"])
        # botocore sends JSON timestamps as whole epoch seconds: cut in a later second than "new".
        time.sleep(1.05 - time.time() % 1)
        cut = datetime.datetime.now(datetime.timezone.utc)
        self.k.put_record(StreamName=name, PartitionKey="p", Data=b"after")
        self.assertEqual(data(read_all(self.k, name, shard, "AT_TIMESTAMP", Timestamp=cut)), ["after"])
        self.assertEqual(self.code(self.k.get_records, ShardIterator="bm90IGFuIGl0ZXJhdG9y"), "InvalidArgumentException")
        self.assertEqual(self.code(self.k.get_shard_iterator, StreamName=name, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber="123"), "InvalidArgumentException")
        self.assertEqual(self.code(self.k.get_shard_iterator, StreamName=name, ShardId="shardId-000000000009", ShardIteratorType="LATEST"), "ResourceNotFoundException")
        page = self.k.get_records(ShardIterator=self.k.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"], Limit=2)
        self.assertEqual(len(page["Records"]), 2)
        self.assertGreater(page["MillisBehindLatest"], -1)

    def test_stream_errors_listing_retention_and_tags(self):
        name = stream_name()
        self.assertEqual(self.code(self.k.describe_stream, StreamName=name), "ResourceNotFoundException")
        self.k.create_stream(StreamName=name, ShardCount=3)
        self.assertEqual(self.code(self.k.create_stream, StreamName=name, ShardCount=1), "ResourceInUseException")
        self.assertEqual(self.code(self.k.create_stream, StreamName="bad name!", ShardCount=1), "ValidationException")
        page = self.k.list_shards(StreamName=name, MaxResults=2)
        self.assertEqual(len(page["Shards"]), 2)
        rest = self.k.list_shards(NextToken=page["NextToken"])
        self.assertEqual([s["ShardId"] for s in rest["Shards"]], ["shardId-000000000002"])
        self.assertEqual(self.code(self.k.list_shards, StreamName=name, NextToken=page["NextToken"]), "InvalidArgumentException")
        names = []
        kwargs = {"Limit": 1}
        while True:
            listed = self.k.list_streams(**kwargs)
            names += listed["StreamNames"]
            if not listed["HasMoreStreams"]:
                break
            kwargs = {"Limit": 1, "NextToken": listed["NextToken"]}
        self.assertIn(name, names)
        self.k.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
        self.assertEqual(self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["RetentionPeriodHours"], 48)
        self.assertEqual(self.code(self.k.decrease_stream_retention_period, StreamName=name, RetentionPeriodHours=72), "InvalidArgumentException")
        self.assertEqual(self.code(self.k.increase_stream_retention_period, StreamName=name, RetentionPeriodHours=9000), "InvalidArgumentException")
        self.k.add_tags_to_stream(StreamName=name, Tags={"team": "data", "env": "dev"})
        self.assertEqual(self.k.list_tags_for_stream(StreamName=name)["Tags"], [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "data"}])
        self.k.remove_tags_from_stream(StreamName=name, TagKeys=["env"])
        arn = self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        self.k.tag_resource(ResourceARN=arn, Tags={"x": "1"})
        self.assertEqual(sorted(t["Key"] for t in self.k.list_tags_for_resource(ResourceARN=arn)["Tags"]), ["team", "x"])
        self.assertEqual(self.code(self.k.add_tags_to_stream, StreamName=name, Tags={f"k{i}": "v" for i in range(11)}), "InvalidArgumentException")
        limits = self.k.describe_limits()
        self.assertGreaterEqual(limits["OpenShardCount"], 3)
        self.k.delete_stream(StreamName=name)
        self.assertEqual(self.code(self.k.describe_stream, StreamName=name), "ResourceNotFoundException")


class KinesisRestartTests(AwsTestCase):
    def test_records_iterators_and_sequence_numbers_survive_a_restart(self):
        server = BasinServer().start()
        try:
            k = client("kinesis", url=server.endpoint)
            k.create_stream(StreamName="durable", ShardCount=2)
            first = [k.put_record(StreamName="durable", PartitionKey=f"k{i}", Data=f"v{i}".encode()) for i in range(20)]
            shard = first[0]["ShardId"]
            iterator = k.get_shard_iterator(StreamName="durable", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            server.restart()
            k = client("kinesis", url=server.endpoint)
            records = k.get_records(ShardIterator=iterator)["Records"]
            self.assertEqual([r["SequenceNumber"] for r in records], [p["SequenceNumber"] for p in first if p["ShardId"] == shard])
            later = k.put_record(StreamName="durable", PartitionKey="k0", Data=b"after restart")
            self.assertGreater(later["SequenceNumber"], max(p["SequenceNumber"] for p in first))
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()


class KinesisReshardTests(AwsTestCase):
    def setUp(self):
        self.k = client("kinesis")

    def test_split_merge_and_uniform_scaling_keep_lineage_and_order(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=1)
        before = [self.k.put_record(StreamName=name, PartitionKey="same", Data=f"b{i}".encode())["SequenceNumber"] for i in range(3)]
        self.k.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
        shards = {s["ShardId"]: s for s in self.k.describe_stream(StreamName=name)["StreamDescription"]["Shards"]}
        self.assertEqual(sorted(shards), ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
        self.assertIn("EndingSequenceNumber", shards["shardId-000000000000"]["SequenceNumberRange"])
        self.assertEqual(shards["shardId-000000000001"]["ParentShardId"], "shardId-000000000000")
        self.assertEqual(shards["shardId-000000000002"]["HashKeyRange"]["StartingHashKey"], str(2**127))
        after = [self.k.put_record(StreamName=name, PartitionKey="same", Data=f"a{i}".encode()) for i in range(3)]
        self.assertTrue(all(a["ShardId"] != "shardId-000000000000" for a in after))
        self.assertGreater(after[0]["SequenceNumber"], before[-1])

        # Reading the closed parent to its end yields its records, then no iterator and the children.
        iterator = self.k.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = self.k.get_records(ShardIterator=iterator)
        self.assertEqual([r["Data"] for r in page["Records"]], [b"b0", b"b1", b"b2"])
        self.assertNotIn("NextShardIterator", page)
        self.assertEqual(sorted(c["ShardId"] for c in page["ChildShards"]), ["shardId-000000000001", "shardId-000000000002"])

        self.k.merge_shards(StreamName=name, ShardToMerge="shardId-000000000001", AdjacentShardToMerge="shardId-000000000002")
        merged = [s for s in self.k.list_shards(StreamName=name, ShardFilter={"Type": "AT_LATEST"})["Shards"]]
        self.assertEqual([(s["ShardId"], s["ParentShardId"], s["AdjacentParentShardId"]) for s in merged], [("shardId-000000000003", "shardId-000000000001", "shardId-000000000002")])
        scaled = self.k.update_shard_count(StreamName=name, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
        self.assertEqual((scaled["CurrentShardCount"], scaled["TargetShardCount"]), (1, 2))
        self.assertEqual(self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["OpenShardCount"], 2)
        self.assertEqual(len(self.k.list_shards(StreamName=name)["Shards"]), 6)

    def test_reshard_errors(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=2)
        with self.assertRaises(ClientError) as e:
            self.k.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="0")
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidArgumentException")
        with self.assertRaises(ClientError) as e:
            self.k.update_shard_count(StreamName=name, TargetShardCount=5, ScalingType="UNIFORM_SCALING")
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidArgumentException")
        self.k.merge_shards(StreamName=name, ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000001")
        with self.assertRaises(ClientError) as e:
            self.k.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="5")
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceInUseException")

    def test_enhanced_monitoring_and_stream_mode(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=1)
        r = self.k.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["IncomingBytes"])
        self.assertEqual((r["CurrentShardLevelMetrics"], r["DesiredShardLevelMetrics"]), ([], ["IncomingBytes"]))
        self.assertEqual(self.k.describe_stream(StreamName=name)["StreamDescription"]["EnhancedMonitoring"][0]["ShardLevelMetrics"], ["IncomingBytes"])
        self.k.disable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["ALL"])
        arn = self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        self.k.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.assertEqual(self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"], "ON_DEMAND")


class KinesisConsumerTests(AwsTestCase):
    def setUp(self):
        self.k = client("kinesis")

    def test_consumer_lifecycle_and_subscribe_to_shard(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, ShardCount=1)
        arn = self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        consumer = self.k.register_stream_consumer(StreamARN=arn, ConsumerName="reader")["Consumer"]
        self.assertTrue(consumer["ConsumerARN"].startswith(arn + "/consumer/reader:"))
        with self.assertRaises(ClientError) as e:
            self.k.register_stream_consumer(StreamARN=arn, ConsumerName="reader")
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceInUseException")
        described = self.k.describe_stream_consumer(StreamARN=arn, ConsumerName="reader")["ConsumerDescription"]
        self.assertEqual((described["ConsumerStatus"], described["StreamARN"]), ("ACTIVE", arn))
        self.assertEqual([c["ConsumerName"] for c in self.k.list_stream_consumers(StreamARN=arn)["Consumers"]], ["reader"])
        self.assertEqual(self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["ConsumerCount"], 1)

        seqs = [self.k.put_record(StreamName=name, PartitionKey="p", Data=f"{i}".encode())["SequenceNumber"] for i in range(3)]
        subscription = self.k.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"], ShardId="shardId-000000000000",
                                                 StartingPosition={"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": seqs[0]})
        got = []
        for event in subscription["EventStream"]:
            got += [r["Data"] for r in event["SubscribeToShardEvent"]["Records"]]
            if len(got) >= 2:
                self.assertEqual(event["SubscribeToShardEvent"]["ContinuationSequenceNumber"], seqs[2])
                break
        subscription["EventStream"].close()
        self.assertEqual(got, [b"1", b"2"])

        with self.assertRaises(ClientError) as e:
            self.k.delete_stream(StreamName=name)
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceInUseException")
        self.k.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
        self.assertEqual(self.k.list_stream_consumers(StreamARN=arn)["Consumers"], [])
        self.k.register_stream_consumer(StreamARN=arn, ConsumerName="again")
        self.k.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


class KinesisThroughputLimitTests(AwsTestCase):
    def test_limits_apply_per_stream_when_tagged(self):
        k = client("kinesis")
        limited, free = stream_name(), stream_name()
        for name in (limited, free):
            k.create_stream(StreamName=name, ShardCount=1)
        k.add_tags_to_stream(StreamName=limited, Tags={"basin:throughput-limits": "on"})
        batch = [{"PartitionKey": "p", "Data": b"x"} for _ in range(500)]
        results = [k.put_records(StreamName=limited, Records=batch) for _ in range(3)]
        failed = sum(r["FailedRecordCount"] for r in results)
        self.assertGreater(failed, 0)
        codes = {e.get("ErrorCode") for r in results for e in r["Records"] if "ErrorCode" in e}
        self.assertEqual(codes, {"ProvisionedThroughputExceededException"})
        self.assertEqual(sum(r["FailedRecordCount"] for r in (k.put_records(StreamName=free, Records=batch) for _ in range(3))), 0)
        iterator = k.get_shard_iterator(StreamName=limited, ShardId="shardId-000000000000", ShardIteratorType="LATEST")["ShardIterator"]
        with self.assertRaises(ClientError) as raised:
            for _ in range(10):
                iterator = k.get_records(ShardIterator=iterator)["NextShardIterator"]
        self.assertEqual(raised.exception.response["Error"]["Code"], "ProvisionedThroughputExceededException")


def kpl_aggregate(records):
    """A KPL-aggregated record: magic F3 89 9A C2, the AggregatedRecord protobuf, then its MD5."""
    def varint(n):
        out = bytearray()
        while True:
            b = n & 0x7F
            n >>= 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def field(tag, payload):
        return bytes([tag]) + varint(len(payload)) + payload

    keys = sorted({k for k, _ in records})
    body = b"".join(field(0x0A, k.encode()) for k in keys)
    for key, data in records:
        inner = bytes([0x08]) + varint(keys.index(key)) + field(0x1A, data)
        body += field(0x1A, inner)
    return b"\xf3\x89\x9a\xc2" + body + hashlib.md5(body).digest()


class KplTests(AwsTestCase):
    def test_aggregated_record_is_stored_and_returned_intact(self):
        k = client("kinesis")
        name = stream_name()
        k.create_stream(StreamName=name, ShardCount=1)
        blob = kpl_aggregate([("user-1", b'{"a":1}'), ("user-2", b'{"b":2}'), ("user-1", b'{"c":3}')])
        k.put_record(StreamName=name, PartitionKey="user-1", Data=blob)
        iterator = k.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        stored = k.get_records(ShardIterator=iterator)["Records"][0]["Data"]
        self.assertEqual(stored, blob)
        self.assertEqual(stored[:4], b"\xf3\x89\x9a\xc2")
        self.assertEqual(hashlib.md5(stored[4:-16]).digest(), stored[-16:])


class KinesisEncryptionTests(AwsTestCase):
    def test_server_side_encryption_seals_records_at_rest(self):
        import pathlib
        server = BasinServer().start()
        try:
            k = client("kinesis", url=server.endpoint)
            k.create_stream(StreamName="sse", ShardCount=1)
            k.put_record(StreamName="sse", PartitionKey="p", Data=b"plain-before-encryption")
            k.start_stream_encryption(StreamName="sse", EncryptionType="KMS", KeyId="alias/aws/kinesis")
            summary = k.describe_stream_summary(StreamName="sse")["StreamDescriptionSummary"]
            self.assertEqual((summary["EncryptionType"], summary["KeyId"]), ("KMS", "alias/aws/kinesis"))
            put = k.put_record(StreamName="sse", PartitionKey="p", Data=b"top-secret-payload-7731")
            self.assertEqual(put["EncryptionType"], "KMS")
            with self.assertRaises(ClientError) as e:
                k.stop_stream_encryption(StreamName="sse", EncryptionType="KMS", KeyId="alias/other")
            self.assertEqual(e.exception.response["Error"]["Code"], "InvalidArgumentException")
            k.stop_stream_encryption(StreamName="sse", EncryptionType="KMS", KeyId="alias/aws/kinesis")
            k.put_record(StreamName="sse", PartitionKey="p", Data=b"plain-after")

            iterator = k.get_shard_iterator(StreamName="sse", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            records = k.get_records(ShardIterator=iterator)["Records"]
            self.assertEqual([r["Data"] for r in records], [b"plain-before-encryption", b"top-secret-payload-7731", b"plain-after"])
            self.assertEqual([r.get("EncryptionType") for r in records], [None, "KMS", None])

            on_disk = b"".join(p.read_bytes() for p in pathlib.Path(server.data_dir, "kinesis").rglob("*.seg"))
            self.assertIn(b"plain-before-encryption", on_disk)
            self.assertNotIn(b"top-secret-payload-7731", on_disk)

            server.restart()
            k = client("kinesis", url=server.endpoint)
            iterator = k.get_shard_iterator(StreamName="sse", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            self.assertEqual(k.get_records(ShardIterator=iterator)["Records"][1]["Data"], b"top-secret-payload-7731")
        finally:
            server.cleanup()


class KinesisRecordSizeTests(AwsTestCase):
    def test_max_record_size_can_grow_to_10_mib(self):
        k = client("kinesis")
        name = stream_name()
        k.create_stream(StreamName=name, ShardCount=1)
        arn = k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        self.assertEqual(k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["MaxRecordSizeInKiB"], 1024)
        big = b"x" * (2 * 1024 * 1024)
        with self.assertRaises(ClientError) as e:
            k.put_record(StreamName=name, PartitionKey="p", Data=big)
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        k.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=4096)
        k.put_record(StreamName=name, PartitionKey="p", Data=big)
        iterator = k.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual(len(k.get_records(ShardIterator=iterator)["Records"][0]["Data"]), len(big))
        with self.assertRaises(ClientError) as e:
            k.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=20000)
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        other = stream_name()
        k.create_stream(StreamName=other, ShardCount=1, MaxRecordSizeInKiB=10240)
        self.assertEqual(k.describe_stream_summary(StreamName=other)["StreamDescriptionSummary"]["MaxRecordSizeInKiB"], 10240)


class KinesisEmptyParentTests(AwsTestCase):
    def test_an_empty_closed_shard_ends_with_its_children(self):
        k = client("kinesis")
        name = stream_name()
        k.create_stream(StreamName=name, ShardCount=1)
        k.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
        iterator = k.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = k.get_records(ShardIterator=iterator)
        self.assertEqual(page["Records"], [])
        self.assertNotIn("NextShardIterator", page)
        self.assertEqual(sorted(c["ShardId"] for c in page["ChildShards"]), ["shardId-000000000001", "shardId-000000000002"])


class KinesisAccountSettingsTests(AwsTestCase):
    """On-demand Advantage: the account's minimum throughput billing commitment and warm throughput."""

    def setUp(self):
        # A 12-digit access key is its own account: a fresh one starts without a commitment.
        self.account = str(200000000000 + uuid.uuid4().int % 99999999999)
        self.k = client("kinesis", key=self.account)

    def test_commitment_runs_at_least_a_day(self):
        settings = self.k.describe_account_settings()["MinimumThroughputBillingCommitment"]
        self.assertEqual("DISABLED", settings["Status"])
        enabled = self.k.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})["MinimumThroughputBillingCommitment"]
        self.assertEqual("ENABLED", enabled["Status"])
        self.assertEqual(datetime.timedelta(hours=24), enabled["EarliestAllowedEndAt"] - enabled["StartedAt"])
        # Disabling inside the first 24 hours only schedules the end; enabling again cancels it.
        pending = self.k.update_account_settings(MinimumThroughputBillingCommitment={"Status": "DISABLED"})["MinimumThroughputBillingCommitment"]
        self.assertEqual("ENABLED_UNTIL_EARLIEST_ALLOWED_END", pending["Status"])
        self.assertEqual(enabled["EarliestAllowedEndAt"], pending["EndedAt"])
        self.assertEqual(pending, self.k.describe_account_settings()["MinimumThroughputBillingCommitment"])
        again = self.k.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})["MinimumThroughputBillingCommitment"]
        self.assertEqual(("ENABLED", enabled["StartedAt"]), (again["Status"], again["StartedAt"]))
        self.assertNotIn("EndedAt", again)
        self.assertEqual("ValidationException", self.code(self.k.update_account_settings, MinimumThroughputBillingCommitment={"Status": "PAUSED"}))

    def test_warm_throughput_needs_on_demand_and_the_commitment(self):
        name = stream_name()
        self.k.create_stream(StreamName=name, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.assertEqual("InvalidArgumentException", self.code(self.k.update_stream_warm_throughput, StreamName=name, WarmThroughputMiBps=100))
        self.assertNotIn("WarmThroughput", self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"])
        self.k.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
        self.assertEqual({"TargetMiBps": 0, "CurrentMiBps": 0}, self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["WarmThroughput"])
        updated = self.k.update_stream_warm_throughput(StreamName=name, WarmThroughputMiBps=250)
        self.assertEqual({"TargetMiBps": 250, "CurrentMiBps": 250}, updated["WarmThroughput"])
        self.assertEqual(250, self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["WarmThroughput"]["TargetMiBps"])
        self.assertEqual("ValidationException", self.code(self.k.update_stream_warm_throughput, StreamName=name, WarmThroughputMiBps=10241))
        # A provisioned stream has none, and cannot be created or switched with one.
        provisioned = stream_name()
        self.k.create_stream(StreamName=provisioned, ShardCount=1)
        self.assertEqual("InvalidArgumentException", self.code(self.k.update_stream_warm_throughput, StreamName=provisioned, WarmThroughputMiBps=10))
        self.assertEqual("InvalidArgumentException", self.code(self.k.create_stream, StreamName=stream_name(), ShardCount=1, WarmThroughputMiBps=10))
        warm = stream_name()
        self.k.create_stream(StreamName=warm, StreamModeDetails={"StreamMode": "ON_DEMAND"}, WarmThroughputMiBps=64)
        self.assertEqual(64, self.k.describe_stream_summary(StreamName=warm)["StreamDescriptionSummary"]["WarmThroughput"]["CurrentMiBps"])

