"""S3 CORS through boto3 and plain HTTP: bucket CORS rules are stored and checked, a browser's
preflight (OPTIONS) is answered from them, and actual cross-origin requests get the
Access-Control-* headers of the rule that allows them."""
import http.client
import unittest
import urllib.parse
import uuid

from botocore.exceptions import ClientError

from clients import client, endpoint


class S3CorsTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "cors-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="page.json", Body=b"{}")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def send(self, method, path, headers):
        url = urllib.parse.urlparse(endpoint())
        connection = http.client.HTTPConnection(url.hostname, url.port)
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def test_rules_answer_preflights_and_requests(self):
        self.assertEqual("NoSuchCORSConfiguration", self.error(self.s3.get_bucket_cors, Bucket=self.bucket)["Code"])
        rules = [
            {"ID": "app", "AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET", "PUT"],
             "AllowedHeaders": ["x-amz-*", "content-type"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 600},
            {"AllowedOrigins": ["*"], "AllowedMethods": ["HEAD"]},
        ]
        self.s3.put_bucket_cors(Bucket=self.bucket, CORSConfiguration={"CORSRules": rules})
        self.assertEqual(rules, self.s3.get_bucket_cors(Bucket=self.bucket)["CORSRules"])

        status, headers, _ = self.send("OPTIONS", f"/{self.bucket}/page.json", {
            "Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type, x-amz-meta-owner"})
        self.assertEqual(200, status)
        self.assertEqual(("https://app.example.com", "GET, PUT", "true", "600", "ETag"),
                         (headers["access-control-allow-origin"], headers["access-control-allow-methods"], headers["access-control-allow-credentials"],
                          headers["access-control-max-age"], headers["access-control-expose-headers"]))
        self.assertIn("x-amz-meta-owner", headers["access-control-allow-headers"])

        status, _, body = self.send("OPTIONS", f"/{self.bucket}/page.json", {"Origin": "https://evil.test", "Access-Control-Request-Method": "PUT"})
        self.assertEqual(403, status)
        self.assertIn(b"<Code>AccessForbidden</Code>", body)
        status, _, body = self.send("OPTIONS", f"/{self.bucket}/page.json", {"Access-Control-Request-Method": "GET"})
        self.assertEqual(400, status)
        status, headers, _ = self.send("OPTIONS", f"/{self.bucket}/page.json", {"Origin": "https://anyone.test", "Access-Control-Request-Method": "HEAD"})
        self.assertEqual((200, "*"), (status, headers["access-control-allow-origin"]))
        self.assertNotIn("access-control-allow-credentials", headers)

        status, headers, _ = self.send("GET", f"/{self.bucket}/page.json", {"Origin": "https://app.example.com"})
        self.assertEqual((200, "https://app.example.com"), (status, headers["access-control-allow-origin"]))
        status, headers, _ = self.send("GET", f"/{self.bucket}/page.json", {"Origin": "https://evil.test"})
        self.assertEqual(200, status)
        self.assertNotIn("access-control-allow-origin", headers)

        self.s3.delete_bucket_cors(Bucket=self.bucket)
        status, _, _ = self.send("OPTIONS", f"/{self.bucket}/page.json", {"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"})
        self.assertEqual(403, status)

    def test_invalid_rules(self):
        unchecked = client("s3", parameter_validation=False)

        def put(rule):
            return self.error(unchecked.put_bucket_cors, Bucket=self.bucket, CORSConfiguration={"CORSRules": [rule]})["Code"]

        self.assertEqual("InvalidRequest", put({"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}))
        self.assertEqual("InvalidRequest", put({"AllowedOrigins": ["https://*.*.example.com"], "AllowedMethods": ["GET"]}))
        self.assertEqual("MalformedXML", put({"AllowedMethods": ["GET"]}))


if __name__ == "__main__":
    unittest.main()
