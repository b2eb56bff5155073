"""boto3 clients and AWS CLI invocations pointed at a Basin endpoint."""
import json
import os
import subprocess
import urllib.parse
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError



def endpoint():
    return os.environ["BASIN_ENDPOINT"]


def client(service, key="test", secret="test", region="us-east-1", url=None, **config):
    return boto3.client(service, endpoint_url=url or endpoint(), aws_access_key_id=key,
                        aws_secret_access_key=secret, region_name=region,
                        config=Config(retries={"mode": "standard", "total_max_attempts": 1}, **config))


def s3control_client(key="test", secret="test", url=None):
    """An S3 Control client. The SDKs send S3 Control calls to `<account id>.<endpoint host>`,
    which a loopback IP cannot be prefixed with; this client signs and sends them to the
    endpoint itself, as a hosts entry for `<account id>.localhost` would on a developer machine."""
    s3control = client("s3control", key=key, secret=secret, url=url)
    host = urllib.parse.urlsplit(url or endpoint()).netloc

    def to_endpoint(request, **_):
        parts = urllib.parse.urlsplit(request.url)
        request.url = urllib.parse.urlunsplit(parts._replace(netloc=host))

    s3control.meta.events.register("before-sign.s3-control", to_endpoint)
    return s3control


def aws(*args, key="test", secret="test", url=None, check=True, text=True, input=None):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
               AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1", AWS_PAGER="")
    result = subprocess.run(["aws", "--endpoint-url", url or endpoint(), *args],
                            env=env, capture_output=True, text=text, input=input)
    if check and result.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)} failed: {result.stderr}")
    return result


def aws_json(*args, **kwargs):
    return json.loads(aws(*args, "--output", "json", **kwargs).stdout)


class AwsTestCase(unittest.TestCase):
    """Base for conformance tests: `code(call, **kwargs)` is the AWS error code the call fails with."""

    def code(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]["Code"]
