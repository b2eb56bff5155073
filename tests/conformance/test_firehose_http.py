"""Firehose's HTTP endpoint destination through boto3 and the AWS CLI, delivering to a loopback
endpoint written here against the documented request/response protocol: one POST per buffer with
the X-Amz-Firehose-* headers, retries keeping the request id, and records the endpoint refuses
backed up to S3 under http-endpoint-failed."""
import base64
import gzip
import json
import threading
import time
import unittest
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from clients import AwsTestCase, aws_json, client

ROLE = "arn:aws:iam::000000000000:role/firehose"


def unique(prefix):
    return prefix + "-" + uuid.uuid4().hex[:8]


class Endpoint:
    """A loopback Firehose endpoint: records each request and answers with `status` (200: the protocol's success body)."""

    def __init__(self):
        self.requests = []
        self.status = 200
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                body = json.loads(raw)
                endpoint.requests.append((dict(self.headers), body))
                reply = {"requestId": body["requestId"], "timestamp": int(time.time() * 1000)}
                if endpoint.status != 200:
                    reply["errorMessage"] = "refused by the test endpoint"
                data = json.dumps(reply).encode()
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/firehose?key=1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.requests) < count:
            time.sleep(0.05)
        return self.requests

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FirehoseHttpEndpointTests(AwsTestCase):
    def setUp(self):
        self.fh = client("firehose")
        self.s3 = client("s3")
        self.bucket = unique("fh-http")
        self.s3.create_bucket(Bucket=self.bucket)
        self.endpoint = Endpoint()
        self.addCleanup(self.endpoint.close)

    def configuration(self, **extra):
        config = {
            "EndpointConfiguration": {"Url": self.endpoint.url, "Name": "test endpoint", "AccessKey": "k3y"},
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0},
            "S3Configuration": {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{self.bucket}", "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0}},
        }
        config.update(extra)
        return config

    def test_records_are_posted_in_the_firehose_request_format(self):
        name = unique("http")
        arn = self.fh.create_delivery_stream(DeliveryStreamName=name, HttpEndpointDestinationConfiguration=self.configuration(
            RequestConfiguration={"ContentEncoding": "GZIP", "CommonAttributes": [{"AttributeName": "team", "AttributeValue": "data"}]}))["DeliveryStreamARN"]
        self.fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": b'{"n":1}\n'}, {"Data": b'{"n":2}\n'}])

        headers, body = self.endpoint.wait_for(1)[0]
        self.assertEqual([b'{"n":1}\n', b'{"n":2}\n'], [base64.b64decode(r["data"]) for r in body["records"]])
        self.assertEqual(body["requestId"], headers["X-Amz-Firehose-Request-Id"])
        self.assertEqual(("1.0", arn, "k3y", "gzip"), (headers["X-Amz-Firehose-Protocol-Version"], headers["X-Amz-Firehose-Source-Arn"],
                                                       headers["X-Amz-Firehose-Access-Key"], headers["Content-Encoding"]))
        self.assertEqual({"commonAttributes": {"team": "data"}}, json.loads(headers["X-Amz-Firehose-Common-Attributes"]))

        described = self.fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["Destinations"][0]
        http = described["HttpEndpointDestinationDescription"]
        self.assertEqual({"Url": self.endpoint.url, "Name": "test endpoint"}, http["EndpointConfiguration"])
        self.assertEqual(("FailedDataOnly", 300, "GZIP"), (http["S3BackupMode"], http["RetryOptions"]["DurationInSeconds"], http["RequestConfiguration"]["ContentEncoding"]))
        self.assertNotIn("ExtendedS3DestinationDescription", described)

    def test_refused_records_are_backed_up_to_s3_after_the_retry_duration(self):
        self.endpoint.status = 500
        name = unique("refused")
        self.fh.create_delivery_stream(DeliveryStreamName=name, HttpEndpointDestinationConfiguration=self.configuration(
            RetryOptions={"DurationInSeconds": 2}))
        self.fh.put_record(DeliveryStreamName=name, Record={"Data": b"kept safe"})

        deadline = time.time() + 20
        keys = []
        while time.time() < deadline and not keys:
            keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])]
            time.sleep(0.1)
        self.assertEqual(1, len(keys), keys)
        self.assertTrue(keys[0].startswith("http-endpoint-failed/"), keys[0])
        failed = json.loads(self.s3.get_object(Bucket=self.bucket, Key=keys[0])["Body"].read())
        self.assertEqual("HttpEndpoint.DestinationException", failed["errorCode"])
        self.assertEqual(b"kept safe", base64.b64decode(failed["rawData"]))
        self.assertGreaterEqual(failed["attemptsMade"], 2)
        self.assertEqual(1, len({body["requestId"] for _, body in self.endpoint.requests}))

    def test_cli_creates_an_http_endpoint_stream(self):
        name = unique("cli-http")
        aws_json("firehose", "create-delivery-stream", "--delivery-stream-name", name,
                 "--http-endpoint-destination-configuration", json.dumps(self.configuration()))
        # CLI v1 sends a blob argument's text as it is (v2 would expect base64 unless told raw-in-base64-out).
        aws_json("firehose", "put-record", "--delivery-stream-name", name, "--record", json.dumps({"Data": "from the cli"}))
        _, body = self.endpoint.wait_for(1)[0]
        self.assertEqual(b"from the cli", base64.b64decode(body["records"][0]["data"]))

    def test_bad_endpoint_configurations_are_refused(self):
        unchecked = client("firehose", parameter_validation=False)

        def create(**config):
            return self.code(unchecked.create_delivery_stream, DeliveryStreamName=unique("bad"), HttpEndpointDestinationConfiguration=config)

        good = self.configuration()
        self.assertEqual("ValidationException", create(**{**good, "EndpointConfiguration": {"Url": "ftp://127.0.0.1/x"}}))
        self.assertEqual("ValidationException", create(**{**good, "BufferingHints": {"SizeInMBs": 65}}))
        self.assertEqual("ValidationException", create(**{**good, "RetryOptions": {"DurationInSeconds": 7201}}))
        self.assertEqual("ValidationException", create(**{k: v for k, v in good.items() if k != "S3Configuration"}))
        self.assertEqual("InvalidArgumentException", create(**{**good, "SecretsManagerConfiguration": {"Enabled": True, "SecretARN": "arn:aws:secretsmanager:us-east-1:000000000000:secret:x"}}))
        self.assertEqual("InvalidArgumentException", create(**{**good, "ProcessingConfiguration": {"Enabled": True, "Processors": [
            {"Type": "MetadataExtraction", "Parameters": [{"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{a:.a}"},
                                                          {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]}]}}))


if __name__ == "__main__":
    unittest.main()
