"""`basin up --auth sigv4`: keys from the data dir, signatures verified, AWS's errors."""
import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

from basin_server import BasinServer
from clients import AwsTestCase, aws, client


class SigV4AuthTests(AwsTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BasinServer("--auth", "sigv4").start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_default_key_pair_works(self):
        s3 = client("s3", url=self.server.endpoint)
        s3.create_bucket(Bucket="secure")
        s3.put_object(Bucket="secure", Key="k", Body=b"v" * 100_000)
        self.assertEqual(s3.get_object(Bucket="secure", Key="k")["Body"].read(), b"v" * 100_000)
        self.assertEqual(client("sts", url=self.server.endpoint).get_caller_identity()["Account"], "000000000000")

    def test_bad_secret_and_unknown_key(self):
        self.assertEqual(self.code(client("s3", secret="nope", url=self.server.endpoint).list_buckets), "SignatureDoesNotMatch")
        self.assertEqual(self.code(client("s3", key="AKIAEXAMPLE", url=self.server.endpoint).list_buckets), "InvalidAccessKeyId")
        self.assertEqual(self.code(client("sts", secret="nope", url=self.server.endpoint).get_caller_identity), "SignatureDoesNotMatch")
        self.assertEqual(self.code(client("sts", key="AKIAEXAMPLE", url=self.server.endpoint).get_caller_identity), "InvalidClientTokenId")
        self.assertEqual(self.code(client("kinesis", key="AKIAEXAMPLE", url=self.server.endpoint).list_streams), "UnrecognizedClientException")
        self.assertIn("SignatureDoesNotMatch", aws("s3", "ls", secret="nope", url=self.server.endpoint, check=False).stderr)

    def test_tampered_presigned_url_is_refused(self):
        s3 = client("s3", url=self.server.endpoint)
        s3.create_bucket(Bucket="presigned")
        s3.put_object(Bucket="presigned", Key="a", Body=b"a")
        s3.put_object(Bucket="presigned", Key="b", Body=b"b")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "presigned", "Key": "a"}, ExpiresIn=60)
        with urllib.request.urlopen(url) as r:
            self.assertEqual(r.read(), b"a")
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(url.replace("/a?", "/b?"))
        self.assertEqual(raised.exception.code, 403)

    def test_anonymous_json_request_is_refused(self):
        request = urllib.request.Request(self.server.endpoint, data=b"{}", method="POST",
                                         headers={"X-Amz-Target": "Kinesis_20131202.ListStreams", "Content-Type": "application/x-amz-json-1.1"})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request)
        self.assertEqual(raised.exception.code, 403)


class RefuseNonLoopbackTests(AwsTestCase):
    def test_non_loopback_host_needs_sigv4(self):
        server = BasinServer("--host", "0.0.0.0")
        with self.assertRaises(RuntimeError) as raised:
            server.start()
        self.assertIn("sigv4", str(raised.exception))
        server.cleanup()


if __name__ == "__main__":
    unittest.main()
