"""S3 request documents (configuration bodies, DeleteObjects) through boto3: a Content-MD5 or
flexible checksum that does not match the body is BadDigest, and operations S3 requires a
checksum for refuse a request that carries none."""
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import client


def strip_checksums(request, **_):
    for name in list(request.headers.keys()):
        if name.lower() == "content-md5" or name.lower().startswith("x-amz-checksum-") or name.lower() == "x-amz-sdk-checksum-algorithm":
            del request.headers[name]


def corrupt_checksums(request, **_):
    for name in list(request.headers.keys()):
        if name.lower() == "content-md5":
            request.headers[name] = "AAAAAAAAAAAAAAAAAAAAAA=="
        elif name.lower().startswith("x-amz-checksum-"):
            request.headers[name] = "AAAAAA=="


class S3DocumentIntegrityTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "integrity-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x")

    def code(self, hook, call, **kwargs):
        self.s3.meta.events.register_first("before-sign.s3.*", hook)
        try:
            with self.assertRaises(ClientError) as raised:
                call(**kwargs)
            return raised.exception.response["Error"]["Code"]
        finally:
            self.s3.meta.events.unregister("before-sign.s3.*", hook)

    def test_a_document_without_a_required_checksum_is_refused(self):
        self.assertEqual("InvalidRequest", self.code(strip_checksums, self.s3.delete_objects, Bucket=self.bucket, Delete={"Objects": [{"Key": "k"}]}))
        self.assertEqual("InvalidRequest", self.code(strip_checksums, self.s3.put_bucket_tagging, Bucket=self.bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]}))
        self.assertEqual(b"x", self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read())

    def test_a_checksum_that_does_not_match_the_document_is_bad_digest(self):
        self.assertEqual("BadDigest", self.code(corrupt_checksums, self.s3.delete_objects, Bucket=self.bucket, Delete={"Objects": [{"Key": "k"}]}))
        self.assertEqual("BadDigest", self.code(corrupt_checksums, self.s3.put_bucket_lifecycle_configuration, Bucket=self.bucket, LifecycleConfiguration={
            "Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 1}}]}))
        self.assertEqual(b"x", self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read())
        self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "k"}]})  # the normal request, checksum intact


if __name__ == "__main__":
    unittest.main()
