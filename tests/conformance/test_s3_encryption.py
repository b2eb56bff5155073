"""S3 server-side encryption through boto3 and the AWS CLI: SSE-S3, SSE-KMS and SSE-C round
trips with S3's response headers, bucket default encryption, SSE-C's key checks and errors,
encrypted multipart uploads and copies, and the data directory holding no plaintext."""
import base64
import hashlib
import os
import pathlib
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import aws, aws_json, client

MARKER = b"BASIN-PLAINTEXT-MARKER-"


def body(n=64):
    return MARKER * n


class S3EncryptionTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "enc-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)
        self.key = os.urandom(32)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        e = raised.exception.response
        return e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]

    def ssec(self, key=None):
        return {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key or self.key}

    def test_sse_s3_round_trip_reports_aes256_and_keeps_the_md5_etag(self):
        data = body()
        put = self.s3.put_object(Bucket=self.bucket, Key="a", Body=data, ServerSideEncryption="AES256")
        self.assertEqual("AES256", put["ServerSideEncryption"])
        self.assertEqual('"%s"' % hashlib.md5(data).hexdigest(), put["ETag"])
        got = self.s3.get_object(Bucket=self.bucket, Key="a")
        self.assertEqual((data, "AES256"), (got["Body"].read(), got["ServerSideEncryption"]))
        ranged = self.s3.get_object(Bucket=self.bucket, Key="a", Range="bytes=17-1000")
        self.assertEqual(data[17:1001], ranged["Body"].read())
        self.assertEqual("AES256", self.s3.head_object(Bucket=self.bucket, Key="a")["ServerSideEncryption"])

    def test_sse_kms_reports_the_key_arn_and_a_non_md5_etag(self):
        data = body()
        put = self.s3.put_object(Bucket=self.bucket, Key="k", Body=data, ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/orders", BucketKeyEnabled=True)
        self.assertEqual("aws:kms", put["ServerSideEncryption"])
        self.assertRegex(put["SSEKMSKeyId"], r"^arn:aws:kms:us-east-1:\d{12}:key/[0-9a-f-]{36}$")
        self.assertTrue(put["BucketKeyEnabled"])
        self.assertNotEqual('"%s"' % hashlib.md5(data).hexdigest(), put["ETag"])
        head = self.s3.head_object(Bucket=self.bucket, Key="k")
        self.assertEqual((put["SSEKMSKeyId"], put["ETag"]), (head["SSEKMSKeyId"], head["ETag"]))
        self.assertEqual(data, self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read())
        # The same alias is the same key; no key id means the AWS managed aws/s3 key.
        again = self.s3.put_object(Bucket=self.bucket, Key="k2", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/orders")
        self.assertEqual(put["SSEKMSKeyId"], again["SSEKMSKeyId"])
        managed = self.s3.put_object(Bucket=self.bucket, Key="k3", Body=b"x", ServerSideEncryption="aws:kms")
        self.assertNotEqual(put["SSEKMSKeyId"], managed["SSEKMSKeyId"])
        self.assertNotIn("BucketKeyEnabled", managed)

    def test_kms_and_encryption_header_errors(self):
        self.assertEqual(("KMS.NotFoundException", 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="x", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="fake-key-id"))
        self.assertEqual(("InvalidArgument", 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="x", Body=b"x", ServerSideEncryption="aes:kms"))
        self.assertEqual(("InvalidArgument", 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="x", Body=b"x", ServerSideEncryption="AES256", SSEKMSKeyId="alias/orders"))
        self.assertEqual(("InvalidArgument", 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="x", Body=b"x", ServerSideEncryption="AES256", **self.ssec()))
        bad_context = base64.b64encode(b'{"a": 1}').decode()
        self.assertEqual(("InvalidArgument", 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="x", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSEncryptionContext=bad_context))
        self.assertNotIn("x", [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])])

    def test_sse_c_needs_the_right_key_to_read(self):
        data = body()
        put = self.s3.put_object(Bucket=self.bucket, Key="c", Body=data, **self.ssec())
        md5 = base64.b64encode(hashlib.md5(self.key).digest()).decode()
        self.assertEqual(("AES256", md5), (put["SSECustomerAlgorithm"], put["SSECustomerKeyMD5"]))
        self.assertNotIn("ServerSideEncryption", put)
        got = self.s3.get_object(Bucket=self.bucket, Key="c", **self.ssec())
        self.assertEqual((data, md5), (got["Body"].read(), got["SSECustomerKeyMD5"]))
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.get_object, Bucket=self.bucket, Key="c"))
        self.assertEqual(("AccessDenied", 403), self.error(self.s3.get_object, Bucket=self.bucket, Key="c", **self.ssec(os.urandom(32))))
        self.assertEqual(("400", 400), self.error(self.s3.head_object, Bucket=self.bucket, Key="c"))
        self.assertEqual(("403", 403), self.error(self.s3.head_object, Bucket=self.bucket, Key="c", **self.ssec(os.urandom(32))))
        self.assertEqual(md5, self.s3.head_object(Bucket=self.bucket, Key="c", **self.ssec())["SSECustomerKeyMD5"])
        self.s3.put_object(Bucket=self.bucket, Key="plain", Body=b"p")
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.get_object, Bucket=self.bucket, Key="plain", **self.ssec()))
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.get_object_attributes, Bucket=self.bucket, Key="c", ObjectAttributes=["ETag"]))

    def test_sse_c_header_validation(self):
        key = base64.b64encode(self.key).decode()
        md5 = base64.b64encode(hashlib.md5(self.key).digest()).decode()
        cases = [
            ({"SSECustomerKey": key, "SSECustomerKeyMD5": md5}, "InvalidArgument"),  # no algorithm
            ({"SSECustomerAlgorithm": "AES128", "SSECustomerKey": key, "SSECustomerKeyMD5": md5}, "InvalidEncryptionAlgorithmError"),
            ({"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key, "SSECustomerKeyMD5": "AAAAAAAAAAAAAAAAAAAAAA=="}, "InvalidArgument"),
            ({"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(b"short").decode(), "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(b"short").digest()).decode()}, "InvalidArgument"),
        ]
        for headers, code in cases:
            self.assertEqual((code, 400), self.error(self.s3.put_object, Bucket=self.bucket, Key="v", Body=b"x", **headers), headers)

    def test_bucket_default_encryption_applies_to_writes_that_name_none(self):
        self.assertEqual(("ServerSideEncryptionConfigurationNotFoundError", 404), self.error(self.s3.get_bucket_encryption, Bucket=self.bucket))
        self.assertNotIn("ServerSideEncryption", self.s3.put_object(Bucket=self.bucket, Key="before", Body=b"x"))
        config = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/lake"}, "BucketKeyEnabled": True}]}
        self.s3.put_bucket_encryption(Bucket=self.bucket, ServerSideEncryptionConfiguration=config)
        self.assertEqual(config, self.s3.get_bucket_encryption(Bucket=self.bucket)["ServerSideEncryptionConfiguration"])
        put = self.s3.put_object(Bucket=self.bucket, Key="after", Body=b"x")
        self.assertEqual(("aws:kms", True), (put["ServerSideEncryption"], put["BucketKeyEnabled"]))
        explicit = self.s3.put_object(Bucket=self.bucket, Key="s3", Body=b"x", ServerSideEncryption="AES256")
        self.assertEqual("AES256", explicit["ServerSideEncryption"])
        # An in-place copy is legal once the bucket has default encryption: it re-encrypts.
        copied = self.s3.copy_object(Bucket=self.bucket, Key="before", CopySource={"Bucket": self.bucket, "Key": "before"})
        self.assertEqual("aws:kms", copied["ServerSideEncryption"])
        self.s3.delete_bucket_encryption(Bucket=self.bucket)
        self.assertEqual(("ServerSideEncryptionConfigurationNotFoundError", 404), self.error(self.s3.get_bucket_encryption, Bucket=self.bucket))

    def test_bucket_encryption_validation_and_sse_c_blocking(self):
        bad = [
            {"Rules": []},
            {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "alias/x"}}]},
            {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}, {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        ]
        for config in bad:
            self.assertIn(self.error(self.s3.put_bucket_encryption, Bucket=self.bucket, ServerSideEncryptionConfiguration=config), [("MalformedXML", 400), ("InvalidArgument", 400)])
        self.assertEqual(("NoSuchBucket", 404), self.error(self.s3.put_bucket_encryption, Bucket="no-such-" + self.bucket,
                                                          ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}))
        self.s3.put_bucket_encryption(Bucket=self.bucket, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]}}]})
        self.assertEqual(("AccessDenied", 403), self.error(self.s3.put_object, Bucket=self.bucket, Key="c", Body=b"x", **self.ssec()))
        self.assertEqual("AES256", self.s3.put_object(Bucket=self.bucket, Key="p", Body=b"x")["ServerSideEncryption"])

    def test_sse_c_multipart_upload_with_ranges(self):
        first, tail = os.urandom(5 * 1024 * 1024), body(10)
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="mp", **self.ssec())
        self.assertEqual("AES256", upload["SSECustomerAlgorithm"])
        uid = upload["UploadId"]
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.upload_part, Bucket=self.bucket, Key="mp", UploadId=uid, PartNumber=1, Body=first))
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.upload_part, Bucket=self.bucket, Key="mp", UploadId=uid, PartNumber=1, Body=first, **self.ssec(os.urandom(32))))
        p1 = self.s3.upload_part(Bucket=self.bucket, Key="mp", UploadId=uid, PartNumber=1, Body=first, **self.ssec())
        p2 = self.s3.upload_part(Bucket=self.bucket, Key="mp", UploadId=uid, PartNumber=2, Body=tail, **self.ssec())
        # S3 completes an SSE-C upload without the key.
        done = self.s3.complete_multipart_upload(Bucket=self.bucket, Key="mp", UploadId=uid,
                                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": p1["ETag"]}, {"PartNumber": 2, "ETag": p2["ETag"]}]})
        self.assertTrue(done["ETag"].endswith('-2"'))
        whole = first + tail
        self.assertEqual(whole, self.s3.get_object(Bucket=self.bucket, Key="mp", **self.ssec())["Body"].read())
        span = self.s3.get_object(Bucket=self.bucket, Key="mp", Range="bytes=5242000-5243000", **self.ssec())["Body"].read()
        self.assertEqual(whole[5242000:5243001], span)
        self.assertEqual(len(whole), self.s3.list_objects_v2(Bucket=self.bucket, Prefix="mp")["Contents"][0]["Size"])
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.get_object, Bucket=self.bucket, Key="mp"))

    def test_sse_kms_multipart_and_copies_between_modes(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="m", ServerSideEncryption="aws:kms")
        part = self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload["UploadId"], PartNumber=1, Body=body())
        self.assertEqual("aws:kms", part["ServerSideEncryption"])
        done = self.s3.complete_multipart_upload(Bucket=self.bucket, Key="m", UploadId=upload["UploadId"], MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        self.assertEqual(("aws:kms", upload["SSEKMSKeyId"]), (done["ServerSideEncryption"], done["SSEKMSKeyId"]))
        # KMS source -> SSE-C target -> plaintext target: each copy is encrypted as its request says.
        to_c = self.s3.copy_object(Bucket=self.bucket, Key="c", CopySource={"Bucket": self.bucket, "Key": "m"}, **self.ssec())
        self.assertEqual("AES256", to_c["SSECustomerAlgorithm"])
        self.assertEqual(("InvalidRequest", 400), self.error(self.s3.copy_object, Bucket=self.bucket, Key="p", CopySource={"Bucket": self.bucket, "Key": "c"}))
        plain = self.s3.copy_object(Bucket=self.bucket, Key="p", CopySource={"Bucket": self.bucket, "Key": "c"},
                                    CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=self.key)
        self.assertNotIn("ServerSideEncryption", plain)
        self.assertEqual(body(), self.s3.get_object(Bucket=self.bucket, Key="p")["Body"].read())

    def test_the_data_directory_holds_no_plaintext_of_encrypted_objects(self):
        data_dir = os.environ.get("BASIN_DATA_DIR")
        if not data_dir:
            self.skipTest("BASIN_DATA_DIR is not set")
        unique = MARKER + uuid.uuid4().hex.encode()
        self.s3.put_object(Bucket=self.bucket, Key="s3", Body=unique * 100, ServerSideEncryption="AES256")
        self.s3.put_object(Bucket=self.bucket, Key="kms", Body=unique * 100, ServerSideEncryption="aws:kms")
        self.s3.put_object(Bucket=self.bucket, Key="c", Body=unique * 100, **self.ssec())
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="pending", ServerSideEncryption="AES256")
        self.s3.upload_part(Bucket=self.bucket, Key="pending", UploadId=upload["UploadId"], PartNumber=1, Body=unique * 100)
        leaked = [p for p in pathlib.Path(data_dir).rglob("*") if p.is_file() and unique in p.read_bytes()]
        self.assertEqual([], leaked)
        # Control: the same bytes written without encryption are found, so the scan works.
        self.s3.put_object(Bucket=self.bucket, Key="plain", Body=unique)
        self.assertTrue(any(unique in p.read_bytes() for p in pathlib.Path(data_dir).rglob("*") if p.is_file()))

    def test_aws_cli_sse_options(self):
        path = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / ("sse-" + uuid.uuid4().hex)
        path.write_bytes(body())
        try:
            aws("s3", "cp", str(path), f"s3://{self.bucket}/cli-s3", "--sse", "AES256")
            aws("s3", "cp", str(path), f"s3://{self.bucket}/cli-kms", "--sse", "aws:kms", "--sse-kms-key-id", "alias/cli")
            key = uuid.uuid4().hex  # the CLI takes the raw 32-byte key and base64-encodes it itself
            aws("s3api", "put-object", "--bucket", self.bucket, "--key", "cli-c", "--body", str(path), "--sse-customer-algorithm", "AES256", "--sse-customer-key", key)
            self.assertEqual("AES256", aws_json("s3api", "head-object", "--bucket", self.bucket, "--key", "cli-s3")["ServerSideEncryption"])
            self.assertEqual("aws:kms", aws_json("s3api", "head-object", "--bucket", self.bucket, "--key", "cli-kms")["ServerSideEncryption"])
            head = aws_json("s3api", "head-object", "--bucket", self.bucket, "--key", "cli-c", "--sse-customer-algorithm", "AES256", "--sse-customer-key", key)
            self.assertEqual("AES256", head["SSECustomerAlgorithm"])
        finally:
            path.unlink()


if __name__ == "__main__":
    unittest.main()
