"""GetObjectAttributes through boto3: only the attributes asked for, checksums and storage class as
stored, multipart parts listed (and paged) for objects uploaded with checksums, S3's errors for
missing or unknown attribute names."""
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import client

MIB = 1024 * 1024


class S3AttributesTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "attributes-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def attributes(self, key, names, **kwargs):
        result = self.s3.get_object_attributes(Bucket=self.bucket, Key=key, ObjectAttributes=names, **kwargs)
        result.pop("ResponseMetadata")
        return result

    def test_only_the_named_attributes(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"hello", ChecksumAlgorithm="CRC32", StorageClass="GLACIER")
        etag = put["ETag"].strip('"')
        everything = self.attributes("k", ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"])
        self.assertEqual(etag, everything["ETag"])
        self.assertEqual((put["ChecksumCRC32"], "FULL_OBJECT"), (everything["Checksum"]["ChecksumCRC32"], everything["Checksum"]["ChecksumType"]))
        self.assertEqual(("GLACIER", 5), (everything["StorageClass"], everything["ObjectSize"]))
        self.assertNotIn("ObjectParts", everything)
        self.assertIn("LastModified", everything)
        only = self.attributes("k", ["ObjectSize"])
        self.assertEqual({"ObjectSize"}, set(only) - {"LastModified"})

    def test_parts_of_a_multipart_object_with_checksums(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="mp", ChecksumAlgorithm="CRC32")
        parts = []
        for number, body in [(1, b"a" * (5 * MIB)), (2, b"tail")]:
            part = self.s3.upload_part(Bucket=self.bucket, Key="mp", UploadId=upload["UploadId"], PartNumber=number, Body=body, ChecksumAlgorithm="CRC32")
            parts.append({"PartNumber": number, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]})
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key="mp", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts})

        listed = self.attributes("mp", ["ObjectParts"])["ObjectParts"]
        self.assertEqual((2, False), (listed["TotalPartsCount"], listed["IsTruncated"]))
        self.assertEqual([(1, 5 * MIB, parts[0]["ChecksumCRC32"]), (2, 4, parts[1]["ChecksumCRC32"])],
                         [(p["PartNumber"], p["Size"], p["ChecksumCRC32"]) for p in listed["Parts"]])
        first = self.attributes("mp", ["ObjectParts"], MaxParts=1)["ObjectParts"]
        self.assertEqual((True, 1, 1), (first["IsTruncated"], first["NextPartNumberMarker"], len(first["Parts"])))
        second = self.attributes("mp", ["ObjectParts"], MaxParts=1, PartNumberMarker=1)["ObjectParts"]
        self.assertEqual((False, 2), (second["IsTruncated"], second["Parts"][0]["PartNumber"]))

    def test_bad_attribute_requests(self):
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x")
        with self.assertRaises(ClientError) as raised:
            self.s3.get_object_attributes(Bucket=self.bucket, Key="k", ObjectAttributes=["ETag", "Owner"])
        error = raised.exception.response["Error"]
        self.assertEqual(("InvalidArgument", "x-amz-object-attributes", "ETag,Owner"), (error["Code"], error["ArgumentName"], error["ArgumentValue"]))
        with self.assertRaises(ClientError) as raised:
            self.s3.get_object_attributes(Bucket=self.bucket, Key="missing", ObjectAttributes=["ETag"])
        self.assertEqual("NoSuchKey", raised.exception.response["Error"]["Code"])


if __name__ == "__main__":
    unittest.main()
