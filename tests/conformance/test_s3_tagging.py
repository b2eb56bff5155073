"""S3 object and bucket tagging through boto3 and the AWS CLI: tag sets on upload (x-amz-tagging),
copy (tagging directive) and multipart, replaced in place, counted in x-amz-tagging-count, and
refused with S3's errors when they break its rules."""
import json
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import aws, aws_json, client


class S3TaggingTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "tags-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def tags(self, key):
        return {t["Key"]: t["Value"] for t in self.s3.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"]}

    def test_object_tags_are_set_on_upload_replaced_and_removed(self):
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"data", Tagging="team=data&note=two+words&empty=")
        self.assertEqual({"team": "data", "note": "two words", "empty": ""}, self.tags("k"))
        self.assertEqual(3, self.s3.get_object(Bucket=self.bucket, Key="k")["TagCount"])
        self.assertEqual("3", self.s3.head_object(Bucket=self.bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"])
        etag = self.s3.head_object(Bucket=self.bucket, Key="k")["ETag"]

        ten = [{"Key": f"key-{i}", "Value": f"value {i}"} for i in range(9)] + [{"Key": "b c+d-e=f.g_h:i/j@k", "Value": "ü 文"}]
        self.s3.put_object_tagging(Bucket=self.bucket, Key="k", Tagging={"TagSet": ten})
        self.assertEqual({t["Key"]: t["Value"] for t in ten}, self.tags("k"))
        self.assertEqual(etag, self.s3.head_object(Bucket=self.bucket, Key="k")["ETag"])

        self.assertEqual(204, self.s3.delete_object_tagging(Bucket=self.bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual({}, self.tags("k"))
        self.assertNotIn("TagCount", self.s3.get_object(Bucket=self.bucket, Key="k"))

    def test_copy_and_multipart_carry_tags(self):
        self.s3.put_object(Bucket=self.bucket, Key="src", Body=b"x", Tagging="a=1")
        self.s3.copy_object(Bucket=self.bucket, Key="copied", CopySource=f"{self.bucket}/src")
        self.assertEqual({"a": "1"}, self.tags("copied"))
        self.s3.copy_object(Bucket=self.bucket, Key="retagged", CopySource=f"{self.bucket}/src", TaggingDirective="REPLACE", Tagging="b=2")
        self.assertEqual({"b": "2"}, self.tags("retagged"))
        self.assertEqual("InvalidArgument", self.error(self.s3.copy_object, Bucket=self.bucket, Key="x", CopySource=f"{self.bucket}/src",
                                                       TaggingDirective="MERGE")["Code"])

        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="mp", Tagging="stage=raw")
        part = self.s3.upload_part(Bucket=self.bucket, Key="mp", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key="mp", UploadId=upload["UploadId"],
                                          MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        self.assertEqual({"stage": "raw"}, self.tags("mp"))

    def test_tag_rules(self):
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x")

        def put(tag_set):
            return self.error(self.s3.put_object_tagging, Bucket=self.bucket, Key="k", Tagging={"TagSet": tag_set})

        self.assertEqual(("BadRequest", "Object tags cannot be greater than 10"),
                         tuple(put([{"Key": f"k{i}", "Value": ""} for i in range(11)])[f] for f in ("Code", "Message")))
        duplicate = put([{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
        self.assertEqual(("InvalidTag", "a"), (duplicate["Code"], duplicate["TagKey"]))
        self.assertEqual("The TagKey you have provided is invalid", put([{"Key": "k" * 129, "Value": ""}])["Message"])
        self.assertEqual("The TagValue you have provided is invalid", put([{"Key": "k", "Value": "v" * 257}])["Message"])
        for bad in ["a,b", "a;b", "a?b", "a*b", "a#b", "a\tb", "😀"]:
            self.assertEqual("InvalidTag", put([{"Key": bad, "Value": "v"}])["Code"], bad)
            self.assertEqual("InvalidTag", put([{"Key": "k", "Value": bad}])["Code"], bad)
        self.assertEqual("System tags cannot be added/updated by requester", put([{"Key": "AWS:cost", "Value": "v"}])["Message"])
        self.assertEqual("NoSuchKey", self.error(self.s3.get_object_tagging, Bucket=self.bucket, Key="missing")["Code"])
        self.assertEqual("NoSuchKey", self.error(self.s3.put_object_tagging, Bucket=self.bucket, Key="missing", Tagging={"TagSet": []})["Code"])
        self.assertEqual("NoSuchBucket", self.error(self.s3.get_object_tagging, Bucket="no-such-bucket-" + uuid.uuid4().hex[:8], Key="k")["Code"])
        self.assertEqual("NoSuchVersion", self.error(self.s3.get_object_tagging, Bucket=self.bucket, Key="k", VersionId="v123")["Code"])

        for header in ["a=1&a=2", "=1", "a=%FF"]:
            refused = self.error(self.s3.put_object, Bucket=self.bucket, Key="new", Body=b"x", Tagging=header)
            self.assertEqual(("InvalidArgument", "x-amz-tagging", header), (refused["Code"], refused["ArgumentName"], refused["ArgumentValue"]))
        self.assertEqual("InvalidTag", self.error(self.s3.put_object, Bucket=self.bucket, Key="new", Body=b"x", Tagging="a,b=1")["Code"])
        self.assertEqual("404", self.error(self.s3.head_object, Bucket=self.bucket, Key="new")["Code"])  # nothing was stored

    def test_bucket_tags(self):
        missing = self.error(self.s3.get_bucket_tagging, Bucket=self.bucket)
        self.assertEqual(("NoSuchTagSet", "The TagSet does not exist"), (missing["Code"], missing["Message"]))
        self.s3.put_bucket_tagging(Bucket=self.bucket, Tagging={"TagSet": [{"Key": "cost-center", "Value": "42"}, {"Key": "env", "Value": "dev"}]})
        self.assertEqual([{"Key": "cost-center", "Value": "42"}, {"Key": "env", "Value": "dev"}], self.s3.get_bucket_tagging(Bucket=self.bucket)["TagSet"])
        too_many = self.error(self.s3.put_bucket_tagging, Bucket=self.bucket, Tagging={"TagSet": [{"Key": f"k{i}", "Value": ""} for i in range(51)]})
        self.assertEqual(("BadRequest", "Bucket tag count cannot be greater than 50"), (too_many["Code"], too_many["Message"]))
        self.assertEqual(204, self.s3.delete_bucket_tagging(Bucket=self.bucket)["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("NoSuchTagSet", self.error(self.s3.get_bucket_tagging, Bucket=self.bucket)["Code"])

    def test_cli_tagging(self):
        self.s3.put_object(Bucket=self.bucket, Key="cli", Body=b"x")
        aws("s3api", "put-object-tagging", "--bucket", self.bucket, "--key", "cli", "--tagging", json.dumps({"TagSet": [{"Key": "via", "Value": "cli"}]}))
        self.assertEqual([{"Key": "via", "Value": "cli"}], aws_json("s3api", "get-object-tagging", "--bucket", self.bucket, "--key", "cli")["TagSet"])
        aws("s3api", "put-bucket-tagging", "--bucket", self.bucket, "--tagging", "TagSet=[{Key=owner,Value=me}]")
        self.assertEqual([{"Key": "owner", "Value": "me"}], aws_json("s3api", "get-bucket-tagging", "--bucket", self.bucket)["TagSet"])


if __name__ == "__main__":
    unittest.main()
