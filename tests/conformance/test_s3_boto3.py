"""S3 through boto3: the client data engineers script with."""
import hashlib
import http.client
import io
import os
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3.s3.transfer
from botocore.exceptions import ClientError

from clients import client, endpoint


def bucket_name():
    return "conf-" + uuid.uuid4().hex[:12]


class S3Boto3Tests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = bucket_name()
        self.s3.create_bucket(Bucket=self.bucket)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response

    def test_bucket_errors(self):
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x")
        r = self.error(self.s3.delete_bucket, Bucket=self.bucket)
        self.assertEqual(r["Error"]["Code"], "BucketNotEmpty")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertEqual(self.error(self.s3.head_bucket, Bucket="no-such-bucket-here")["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(self.error(self.s3.create_bucket, Bucket="x")["Error"]["Code"], "InvalidBucketName")
        self.assertEqual(self.error(self.s3.list_objects_v2, Bucket="no-such-bucket-here")["Error"]["Code"], "NoSuchBucket")

    def test_bucket_in_another_region(self):
        eu = client("s3", region="eu-west-1")
        name = bucket_name()
        eu.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(eu.get_bucket_location(Bucket=name)["LocationConstraint"], "eu-west-1")
        self.assertIsNone(self.s3.get_bucket_location(Bucket=self.bucket)["LocationConstraint"])
        self.assertEqual(eu.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"], "eu-west-1")
        r = self.error(eu.create_bucket, Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(r["Error"]["Code"], "BucketAlreadyOwnedByYou")
        r = self.error(eu.create_bucket, Bucket=bucket_name())
        self.assertEqual(r["Error"]["Code"], "IllegalLocationConstraintException")

    def test_put_get_with_every_checksum(self):
        # CRC32C and CRC64NVME need botocore's optional awscrt dependency, not installed here;
        # the AWS SDK for .NET tests cover them.
        for algorithm in ["CRC32", "SHA1", "SHA256"]:
            key = f"checksums/{algorithm}"
            put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"hello", ChecksumAlgorithm=algorithm)
            self.assertIn(f"Checksum{algorithm}", put)
            head = self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
            self.assertEqual(head[f"Checksum{algorithm}"], put[f"Checksum{algorithm}"])
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="checksums/CRC32", ChecksumMode="ENABLED")["ChecksumCRC32"], "NhCmhg==")

    def test_wrong_checksum_is_bad_digest(self):
        r = self.error(self.s3.put_object, Bucket=self.bucket, Key="bad", Body=b"hello", ChecksumCRC32="AAAAAA==")
        self.assertEqual(r["Error"]["Code"], "BadDigest")
        self.assertEqual(self.error(self.s3.head_object, Bucket=self.bucket, Key="bad")["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_ranges_and_conditions(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="r", Body=b"0123456789")
        got = self.s3.get_object(Bucket=self.bucket, Key="r", Range="bytes=-3")
        self.assertEqual(got["Body"].read(), b"789")
        self.assertEqual(got["ContentRange"], "bytes 7-9/10")
        self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
        r = self.error(self.s3.get_object, Bucket=self.bucket, Key="r", IfNoneMatch=put["ETag"])
        self.assertEqual(r["Error"]["Code"], "304")
        r = self.error(self.s3.get_object, Bucket=self.bucket, Key="r", IfMatch='"other"')
        self.assertEqual(r["Error"]["Code"], "PreconditionFailed")
        r = self.error(self.s3.get_object, Bucket=self.bucket, Key="r", Range="bytes=100-200")
        self.assertEqual(r["Error"]["Code"], "InvalidRange")

    def test_response_header_overrides(self):
        self.s3.put_object(Bucket=self.bucket, Key="o", Body=b"x", ContentType="text/plain")
        got = self.s3.get_object(Bucket=self.bucket, Key="o", ResponseContentType="application/json", ResponseContentDisposition="inline")
        self.assertEqual(got["ContentType"], "application/json")
        self.assertEqual(got["ContentDisposition"], "inline")

    def test_unicode_keys_and_url_encoded_listing(self):
        keys = ["ünï/cødé.txt", "space key.txt", "plus+key", "tab\tkey", "emoji/😀", "amp&er=sand?", "dot/../dot"]
        for k in keys:
            self.s3.put_object(Bucket=self.bucket, Key=k, Body=k.encode())
        listed = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket)["Contents"]]
        self.assertEqual(sorted(keys, key=lambda k: k.encode()), listed)
        for k in keys:
            self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=k)["Body"].read(), k.encode())

    def test_pagination_past_1000_keys(self):
        for i in range(1205):
            self.s3.put_object(Bucket=self.bucket, Key=f"p/{i:05d}", Body=b"")
        first = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="p/")
        self.assertEqual(first["KeyCount"], 1000)
        self.assertTrue(first["IsTruncated"])
        keys = [o["Key"] for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix="p/", PaginationConfig={"PageSize": 250}) for o in page.get("Contents", [])]
        self.assertEqual(keys, [f"p/{i:05d}" for i in range(1205)])
        v1 = [o["Key"] for page in self.s3.get_paginator("list_objects").paginate(Bucket=self.bucket, Prefix="p/") for o in page.get("Contents", [])]
        self.assertEqual(len(v1), 1205)

    def test_delimiter_listing_v1_and_v2(self):
        for k in ["logs/2024/01/a", "logs/2024/02/b", "logs/2025/01/c", "logs/readme"]:
            self.s3.put_object(Bucket=self.bucket, Key=k, Body=b"")
        v2 = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="logs/", Delimiter="/")
        self.assertEqual([p["Prefix"] for p in v2["CommonPrefixes"]], ["logs/2024/", "logs/2025/"])
        self.assertEqual([o["Key"] for o in v2["Contents"]], ["logs/readme"])
        pages = list(self.s3.get_paginator("list_objects").paginate(Bucket=self.bucket, Prefix="logs/", Delimiter="/", PaginationConfig={"PageSize": 1}))
        self.assertEqual([p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])], ["logs/2024/", "logs/2025/"])

    def test_multipart_through_the_transfer_manager(self):
        data = os.urandom(13 * 1024 * 1024)
        config = boto3.s3.transfer.TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
        self.s3.upload_fileobj(io.BytesIO(data), self.bucket, "mpu/data.bin", Config=config)
        head = self.s3.head_object(Bucket=self.bucket, Key="mpu/data.bin")
        self.assertTrue(head["ETag"].endswith('-3"'))
        self.assertEqual(head["ContentLength"], len(data))
        out = io.BytesIO()
        self.s3.download_fileobj(self.bucket, "mpu/data.bin", out, Config=config)
        self.assertEqual(hashlib.sha256(out.getvalue()).hexdigest(), hashlib.sha256(data).hexdigest())

        # A part of a multipart object reads as its byte range.
        part = self.s3.get_object(Bucket=self.bucket, Key="mpu/data.bin", PartNumber=2)
        self.assertEqual(part["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual((part["PartsCount"], part["ContentRange"]), (3, f"bytes {5 * 1024 * 1024}-{10 * 1024 * 1024 - 1}/{len(data)}"))
        self.assertEqual(part["Body"].read(), data[5 * 1024 * 1024:10 * 1024 * 1024])
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="mpu/data.bin", PartNumber=3)["ContentLength"], len(data) - 10 * 1024 * 1024)
        self.assertEqual(self.error(self.s3.get_object, Bucket=self.bucket, Key="mpu/data.bin", PartNumber=4)["Error"]["Code"], "InvalidPartNumber")

    def test_multipart_rules(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="m")["UploadId"]
        e1 = self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"a" * 10)["ETag"]
        e2 = self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=2, Body=b"b" * 10)["ETag"]
        parts = lambda *p: {"Parts": [{"PartNumber": n, "ETag": e} for n, e in p]}
        complete = lambda mpu: self.error(self.s3.complete_multipart_upload, Bucket=self.bucket, Key="m", UploadId=upload, MultipartUpload=mpu)["Error"]["Code"]
        self.assertEqual(complete(parts((2, e2), (1, e1))), "InvalidPartOrder")
        self.assertEqual(complete(parts((1, e1), (2, e2))), "EntityTooSmall")
        self.assertEqual(complete(parts((1, '"deadbeef"'))), "InvalidPart")
        self.assertEqual(self.error(self.s3.upload_part, Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=10001, Body=b"x")["Error"]["Code"], "InvalidArgument")
        done = self.s3.complete_multipart_upload(Bucket=self.bucket, Key="m", UploadId=upload, MultipartUpload=parts((1, e1)))
        self.assertTrue(done["ETag"].endswith('-1"'))
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="m")["Body"].read(), b"a" * 10)
        self.assertEqual(self.error(self.s3.abort_multipart_upload, Bucket=self.bucket, Key="m", UploadId=upload)["Error"]["Code"], "NoSuchUpload")

    def test_copy_and_delete_objects(self):
        self.s3.put_object(Bucket=self.bucket, Key="src", Body=b"payload", Metadata={"a": "1"})
        self.s3.copy_object(Bucket=self.bucket, Key="dst", CopySource={"Bucket": self.bucket, "Key": "src"})
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="dst")["Metadata"], {"a": "1"})
        self.s3.copy_object(Bucket=self.bucket, Key="dst2", CopySource=f"{self.bucket}/src", MetadataDirective="REPLACE", Metadata={"b": "2"})
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="dst2")["Metadata"], {"b": "2"})
        r = self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "src"}, {"Key": "dst"}, {"Key": "dst2"}]})
        self.assertEqual(sorted(d["Key"] for d in r["Deleted"]), ["dst", "dst2", "src"])
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket)["KeyCount"], 0)

    def test_presigned_urls_work_and_expire(self):
        self.s3.put_object(Bucket=self.bucket, Key="shared.txt", Body=b"shared")
        url = self.s3.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": "shared.txt"}, ExpiresIn=2)
        with urllib.request.urlopen(url) as r:
            self.assertEqual(r.read(), b"shared")
        put_url = urllib.parse.urlparse(self.s3.generate_presigned_url("put_object", Params={"Bucket": self.bucket, "Key": "up.txt"}, ExpiresIn=60))
        # http.client, not urllib: urllib adds a Content-Type the signature did not cover, which S3 refuses.
        conn = http.client.HTTPConnection(put_url.hostname, put_url.port)
        conn.request("PUT", f"{put_url.path}?{put_url.query}", body=b"uploaded")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="up.txt")["Body"].read(), b"uploaded")
        time.sleep(3)
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(url)
        self.assertEqual(raised.exception.code, 403)
        self.assertIn(b"Request has expired", raised.exception.read())

    def test_virtual_hosted_style(self):
        self.s3.put_object(Bucket=self.bucket, Key="vh/key.txt", Body=b"virtual")
        parsed = urllib.parse.urlparse(endpoint())
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
        conn.request("GET", "/vh/key.txt", headers={"Host": f"{self.bucket}.s3.localhost:{parsed.port}"})
        response = conn.getresponse()
        self.assertEqual((response.status, response.read()), (200, b"virtual"))
        conn.close()

    def test_malformed_xml_and_unknown_routes(self):
        parsed = urllib.parse.urlparse(endpoint())
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
        conn.request("POST", f"/{self.bucket}?delete", body=b"<Delete><Object><Key>a</Key></Object>", headers={"Content-Type": "application/xml"})
        response = conn.getresponse()
        self.assertEqual(response.status, 400)
        self.assertIn(b"<Code>MalformedXML</Code>", response.read())
        conn.request("PATCH", f"/{self.bucket}/k")
        response = conn.getresponse()
        self.assertEqual(response.status, 405)
        self.assertIn(b"<Code>MethodNotAllowed</Code>", response.read())
        conn.close()

    def test_unimplemented_operations_say_so(self):
        r = self.error(self.s3.get_bucket_website, Bucket=self.bucket)
        self.assertEqual(r["Error"]["Code"], "NotImplemented")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 501)
        r = self.error(client("stepfunctions").list_state_machines)
        self.assertEqual(r["Error"]["Code"], "NotImplemented")
        self.assertIn("ListStateMachines", r["Error"]["Message"])


class StsTests(unittest.TestCase):
    def test_caller_identity_from_the_key(self):
        self.assertEqual(client("sts").get_caller_identity()["Account"], "000000000000")
        self.assertEqual(client("sts", key="123456789012").get_caller_identity()["Account"], "123456789012")


if __name__ == "__main__":
    unittest.main()
