"""S3 versioning through boto3: version ids on every write, reads and copies by version, delete
markers, permanent deletes that bring older versions back, the "null" version before versioning
and while suspended, and ListObjectVersions with markers, prefixes and delimiters."""
import unittest
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree

from botocore.exceptions import ClientError

from clients import client, endpoint


class S3VersioningTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "versions-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response

    def enable(self, status="Enabled"):
        self.s3.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": status})

    def read(self, key, **kwargs):
        return self.s3.get_object(Bucket=self.bucket, Key=key, **kwargs)["Body"].read()

    def versions(self, **kwargs):
        listing = self.s3.list_object_versions(Bucket=self.bucket, **kwargs)
        return ([(v["Key"], v["VersionId"], v["IsLatest"]) for v in listing.get("Versions", [])],
                [(m["Key"], m["VersionId"], m["IsLatest"]) for m in listing.get("DeleteMarkers", [])])

    def test_versions_are_kept_and_read_by_id(self):
        self.assertNotIn("Status", self.s3.get_bucket_versioning(Bucket=self.bucket))
        self.assertNotIn("VersionId", self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"before"))
        self.enable()
        self.assertEqual("Enabled", self.s3.get_bucket_versioning(Bucket=self.bucket)["Status"])
        first = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"first")["VersionId"]
        second = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"second")["VersionId"]
        self.assertNotEqual(first, second)
        self.assertEqual(32, len(first))

        self.assertEqual(b"second", self.read("k"))
        self.assertEqual(second, self.s3.head_object(Bucket=self.bucket, Key="k")["VersionId"])
        self.assertEqual(b"first", self.read("k", VersionId=first))
        self.assertEqual(b"before", self.read("k", VersionId="null"))
        self.assertEqual(([("k", second, True), ("k", first, False), ("k", "null", False)], []), self.versions())
        missing = self.error(self.s3.get_object, Bucket=self.bucket, Key="k", VersionId="x" * 32)
        self.assertEqual(("NoSuchVersion", 404), (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]))

        copied = self.s3.copy_object(Bucket=self.bucket, Key="copy", CopySource={"Bucket": self.bucket, "Key": "k", "VersionId": first})
        self.assertEqual(first, copied["CopySourceVersionId"])
        self.assertEqual(b"first", self.read("copy"))

    def test_delete_markers_hide_and_permanent_deletes_restore(self):
        self.enable()
        first = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"first")["VersionId"]
        second = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"second")["VersionId"]
        deleted = self.s3.delete_object(Bucket=self.bucket, Key="k")
        self.assertTrue(deleted["DeleteMarker"])
        marker = deleted["VersionId"]

        hidden = self.error(self.s3.get_object, Bucket=self.bucket, Key="k")
        self.assertEqual(("NoSuchKey", "true"), (hidden["Error"]["Code"], hidden["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"]))
        self.assertEqual(405, self.error(self.s3.get_object, Bucket=self.bucket, Key="k", VersionId=marker)["ResponseMetadata"]["HTTPStatusCode"])
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket=self.bucket))
        self.assertEqual(([("k", second, False), ("k", first, False)], [("k", marker, True)]), self.versions())
        self.assertEqual("BucketNotEmpty", self.error(self.s3.delete_bucket, Bucket=self.bucket)["Error"]["Code"])

        removed = self.s3.delete_object(Bucket=self.bucket, Key="k", VersionId=marker)
        self.assertEqual((True, marker), (removed["DeleteMarker"], removed["VersionId"]))
        self.assertEqual(b"second", self.read("k"))
        self.s3.delete_object(Bucket=self.bucket, Key="k", VersionId=second)
        self.assertEqual(b"first", self.read("k"))

        result = self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "k"}, {"Key": "k", "VersionId": first}]})
        self.assertEqual(2, len(result["Deleted"]))
        self.assertTrue(result["Deleted"][0]["DeleteMarker"])
        self.assertIn("DeleteMarkerVersionId", result["Deleted"][0])
        _, markers = self.versions()
        self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": k, "VersionId": v} for k, v, _ in markers]})
        self.assertEqual(([], []), self.versions())
        self.s3.delete_bucket(Bucket=self.bucket)

    def test_suspended_versioning_writes_the_null_version(self):
        self.enable()
        kept = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"kept")["VersionId"]
        self.enable("Suspended")
        self.assertEqual("Suspended", self.s3.get_bucket_versioning(Bucket=self.bucket)["Status"])
        self.assertEqual("null", self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"one")["VersionId"])
        self.assertEqual("null", self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"two")["VersionId"])
        self.assertEqual(([("k", "null", True), ("k", kept, False)], []), self.versions())
        deleted = self.s3.delete_object(Bucket=self.bucket, Key="k")
        self.assertEqual((True, "null"), (deleted["DeleteMarker"], deleted["VersionId"]))
        self.assertEqual(([("k", kept, False)], [("k", "null", True)]), self.versions())
        self.assertEqual(b"kept", self.read("k", VersionId=kept))

    def test_listing_pages_through_versions_with_markers_and_delimiters(self):
        self.enable()
        expected = []
        for key in ["a", "b", "dir/x", "dir/y"]:
            ids = [self.s3.put_object(Bucket=self.bucket, Key=key, Body=str(i).encode())["VersionId"] for i in range(3)]
            expected += [(key, v) for v in reversed(ids)]
        seen, kwargs = [], {}
        while True:
            page = self.s3.list_object_versions(Bucket=self.bucket, MaxKeys=5, **kwargs)
            seen += [(v["Key"], v["VersionId"]) for v in page.get("Versions", [])]
            if not page["IsTruncated"]:
                break
            kwargs = {"KeyMarker": page["NextKeyMarker"], "VersionIdMarker": page["NextVersionIdMarker"]}
        self.assertEqual(expected, seen)

        rolled = self.s3.list_object_versions(Bucket=self.bucket, Delimiter="/")
        self.assertEqual(["dir/"], [p["Prefix"] for p in rolled["CommonPrefixes"]])
        self.assertEqual(6, len(rolled["Versions"]))
        self.assertEqual(6, len(self.s3.list_object_versions(Bucket=self.bucket, Prefix="dir/")["Versions"]))
        after_a = self.s3.list_object_versions(Bucket=self.bucket, KeyMarker="a")
        self.assertEqual("b", after_a["Versions"][0]["Key"])

    def test_versions_and_delete_markers_are_listed_together_in_key_order(self):
        self.enable()
        self.s3.put_object(Bucket=self.bucket, Key="a", Body=b"1")
        self.s3.delete_object(Bucket=self.bucket, Key="a")
        self.s3.put_object(Bucket=self.bucket, Key="b", Body=b"2")
        self.s3.delete_object(Bucket=self.bucket, Key="b")
        self.s3.put_object(Bucket=self.bucket, Key="b", Body=b"3")
        with urllib.request.urlopen(f"{endpoint()}/{self.bucket}?versions") as response:
            root = ElementTree.fromstring(response.read())
        ns = "{http://s3.amazonaws.com/doc/2006-03-01/}"
        entries = [(e.tag[len(ns):], e.find(ns + "Key").text) for e in root if e.tag in (ns + "Version", ns + "DeleteMarker")]
        self.assertEqual([("DeleteMarker", "a"), ("Version", "a"), ("Version", "b"), ("DeleteMarker", "b"), ("Version", "b")], entries)

    def test_bad_versioning_requests(self):
        unchecked = client("s3", parameter_validation=False)
        self.assertEqual("MalformedXML", self.error(unchecked.put_bucket_versioning, Bucket=self.bucket, VersioningConfiguration={"Status": "On"})["Error"]["Code"])
        self.assertEqual("InvalidRequest", self.error(self.s3.put_bucket_versioning, Bucket=self.bucket,
                                                      VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})["Error"]["Code"])
        self.assertEqual("NoSuchBucket", self.error(self.s3.get_bucket_versioning, Bucket="no-such-" + uuid.uuid4().hex[:8])["Error"]["Code"])


if __name__ == "__main__":
    unittest.main()
