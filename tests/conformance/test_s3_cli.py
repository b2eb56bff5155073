"""S3 and STS through the AWS CLI, the way the seed tutorial and most users drive them."""
import json
import os
import tempfile
import unittest
import urllib.request
import uuid

from clients import aws, aws_json


class AwsCliTests(unittest.TestCase):
    def test_high_level_s3_commands(self):
        bucket = "cli-" + uuid.uuid4().hex[:10]
        aws("s3", "mb", f"s3://{bucket}")
        self.assertIn(bucket, aws("s3", "ls").stdout)
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "src", "year=2024", "month=01"))
            for name, body in [("year=2024/month=01/orders.csv", "id,amount\n1,10\n"), ("readme.txt", "hi")]:
                with open(os.path.join(d, "src", name), "w") as f:
                    f.write(body)
            aws("s3", "sync", os.path.join(d, "src"), f"s3://{bucket}/lake/", "--only-show-errors")
            listing = aws("s3", "ls", f"s3://{bucket}/lake/", "--recursive").stdout
            self.assertIn("lake/year=2024/month=01/orders.csv", listing)
            aws("s3", "cp", f"s3://{bucket}/lake/year=2024/month=01/orders.csv", os.path.join(d, "back.csv"), "--only-show-errors")
            with open(os.path.join(d, "back.csv")) as f:
                self.assertEqual(f.read(), "id,amount\n1,10\n")
            big = os.path.join(d, "big.bin")
            with open(big, "wb") as f:
                f.write(os.urandom(20 * 1024 * 1024))
            aws("s3", "cp", big, f"s3://{bucket}/big.bin", "--only-show-errors")
            head = aws_json("s3api", "head-object", "--bucket", bucket, "--key", "big.bin")
            self.assertEqual(head["ContentLength"], 20 * 1024 * 1024)
            self.assertIn("-", head["ETag"])
            aws("s3", "cp", f"s3://{bucket}/big.bin", os.path.join(d, "big2.bin"), "--only-show-errors")
            with open(big, "rb") as a, open(os.path.join(d, "big2.bin"), "rb") as b:
                self.assertEqual(a.read(), b.read())
        self.assertEqual(aws("s3", "cp", f"s3://{bucket}/lake/readme.txt", "-").stdout, "hi")
        url = aws("s3", "presign", f"s3://{bucket}/lake/readme.txt", "--expires-in", "60").stdout.strip()
        with urllib.request.urlopen(url) as r:
            self.assertEqual(r.read(), b"hi")
        failed = aws("s3", "rb", f"s3://{bucket}", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("BucketNotEmpty", failed.stderr)
        aws("s3", "rm", f"s3://{bucket}", "--recursive", "--only-show-errors")
        aws("s3", "rb", f"s3://{bucket}")
        self.assertNotIn(bucket, aws("s3", "ls").stdout)

    def test_s3api_and_errors(self):
        bucket = "cli-" + uuid.uuid4().hex[:10]
        aws("s3api", "create-bucket", "--bucket", bucket)
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write("content")
        put = aws_json("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", f.name, "--metadata", "team=data")
        self.assertTrue(put["ETag"].startswith('"'))
        head = aws_json("s3api", "head-object", "--bucket", bucket, "--key", "k")
        self.assertEqual(head["Metadata"], {"team": "data"})
        missing = aws("s3api", "get-object", "--bucket", bucket, "--key", "nope", "/dev/null", check=False)
        self.assertIn("NoSuchKey", missing.stderr)
        os.unlink(f.name)

    def test_sts_get_caller_identity(self):
        identity = aws_json("sts", "get-caller-identity")
        self.assertEqual(identity["Account"], "000000000000")


if __name__ == "__main__":
    unittest.main()
