// Kinesis through the AWS SDK for JavaScript v3 with its default HTTP/2 request handler.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { KinesisClient, CreateStreamCommand, PutRecordCommand, PutRecordsCommand, ListShardsCommand,
  GetShardIteratorCommand, GetRecordsCommand, DescribeStreamSummaryCommand, ResourceNotFoundException,
  RegisterStreamConsumerCommand, ListStreamConsumersCommand, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import { startBasin, credentials } from "./basin.mjs";

let basin, kinesis;
before(async () => {
  basin = await startBasin();
  kinesis = new KinesisClient({ endpoint: basin.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
});
after(async () => {
  kinesis.destroy();
  await basin.stop();
});

test("put and get records over HTTP/2", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: "js-stream", ShardCount: 2 }));
  const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "js-stream" }));
  assert.equal(summary.StreamDescriptionSummary.StreamStatus, "ACTIVE");
  assert.ok(summary.StreamDescriptionSummary.StreamCreationTimestamp instanceof Date);
  const one = await kinesis.send(new PutRecordCommand({ StreamName: "js-stream", PartitionKey: "a", Data: new TextEncoder().encode("first") }));
  assert.match(one.SequenceNumber, /^\d{56}$/);
  const batch = await kinesis.send(new PutRecordsCommand({
    StreamName: "js-stream",
    Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, Data: new TextEncoder().encode(`r${i}`) })),
  }));
  assert.equal(batch.FailedRecordCount, 0);
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: "js-stream" }))).Shards;
  const seen = [];
  for (const shard of shards) {
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: "js-stream", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    for (const r of page.Records) {
      assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
      seen.push(new TextDecoder().decode(r.Data));
    }
  }
  assert.equal(seen.length, 21);
  assert.ok(seen.includes("first") && seen.includes("r19"));
});

test("errors map to the SDK's typed exceptions", async () => {
  await assert.rejects(kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "missing" })), (e) => e instanceof ResourceNotFoundException);
});

test("enhanced fan-out: SubscribeToShard pushes records over an HTTP/2 event stream", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: "efo", ShardCount: 1 }));
  const arn = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "efo" }))).StreamDescriptionSummary.StreamARN;
  const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "app" }));
  assert.equal(Consumer.ConsumerStatus, "ACTIVE");
  assert.match(Consumer.ConsumerARN, /\/consumer\/app:\d+$/);
  assert.equal((await kinesis.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers.length, 1);
  await kinesis.send(new PutRecordCommand({ StreamName: "efo", PartitionKey: "k", Data: new TextEncoder().encode("before") }));
  const subscription = await kinesis.send(new SubscribeToShardCommand({
    ConsumerARN: Consumer.ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" },
  }));
  setTimeout(() => kinesis.send(new PutRecordCommand({ StreamName: "efo", PartitionKey: "k", Data: new TextEncoder().encode("pushed") })), 300);
  const seen = [];
  let continuation;
  for await (const event of subscription.EventStream) {
    if (!event.SubscribeToShardEvent) continue;
    continuation = event.SubscribeToShardEvent.ContinuationSequenceNumber;
    for (const r of event.SubscribeToShardEvent.Records) seen.push(new TextDecoder().decode(r.Data));
    if (seen.includes("pushed")) break;
  }
  assert.deepEqual(seen, ["before", "pushed"]);
  assert.match(continuation, /^\d{56}$/);
});
