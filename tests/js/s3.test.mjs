// S3 through the AWS SDK for JavaScript v3, whose defaults (flexible checksums, aws-chunked
// trailers on streamed bodies, strict XML parsing) make a stricter wire check than the others.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, DeleteObjectsCommand, NoSuchKey } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { startBasin, credentials } from "./basin.mjs";

let basin, s3;
before(async () => {
  basin = await startBasin();
  s3 = new S3Client({ endpoint: basin.endpoint, region: "us-east-1", credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: "js-bucket" }));
});
after(async () => {
  s3.destroy();
  await basin.stop();
});

test("objects round-trip with the SDK's default checksums", async () => {
  const put = await s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "dir/ünï.txt", Body: "hello js", ContentType: "text/plain", Metadata: { team: "data" } }));
  assert.match(put.ETag, /^"[0-9a-f]{32}"$/);
  const get = await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "dir/ünï.txt", ChecksumMode: "ENABLED" }));
  assert.equal(await get.Body.transformToString(), "hello js");
  assert.equal(get.Metadata.team, "data");
  const streamed = await s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "streamed.bin", Body: Readable.from([Buffer.alloc(70000, 7)]), ContentLength: 70000 }));
  assert.ok(streamed.ETag);
  const head = await s3.send(new HeadObjectCommand({ Bucket: "js-bucket", Key: "streamed.bin" }));
  assert.equal(head.ContentLength, 70000);
  const list = await s3.send(new ListObjectsV2Command({ Bucket: "js-bucket", Delimiter: "/" }));
  assert.deepEqual(list.CommonPrefixes.map((p) => p.Prefix), ["dir/"]);
  assert.deepEqual(list.Contents.map((o) => o.Key), ["streamed.bin"]);
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "absent" })), (e) => e instanceof NoSuchKey);
});

test("multipart upload and batch delete", async () => {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: "js-bucket", Key: "mpu.bin" }));
  const part1 = await s3.send(new UploadPartCommand({ Bucket: "js-bucket", Key: "mpu.bin", UploadId, PartNumber: 1, Body: Buffer.alloc(5 * 1024 * 1024, 1) }));
  const part2 = await s3.send(new UploadPartCommand({ Bucket: "js-bucket", Key: "mpu.bin", UploadId, PartNumber: 2, Body: Buffer.alloc(10, 2) }));
  const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: "js-bucket", Key: "mpu.bin", UploadId,
    MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part1.ETag }, { PartNumber: 2, ETag: part2.ETag }] } }));
  assert.match(done.ETag, /-2"$/);
  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: "js-bucket", Delete: { Objects: [{ Key: "mpu.bin" }, { Key: "streamed.bin" }] } }));
  assert.equal(deleted.Deleted.length, 2);
});
