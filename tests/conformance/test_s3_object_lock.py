"""S3 Object Lock through boto3: buckets created with Object Lock are versioned and stay so,
retention (GOVERNANCE, COMPLIANCE, bucket defaults) and legal holds really refuse permanent
deletes, governance yields only to the bypass header, and unlocked buckets refuse lock requests."""
import datetime
import unittest
import uuid

from botocore.exceptions import ClientError

from clients import client


def later(days=1):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)


class S3ObjectLockTests(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3")
        self.bucket = "locked-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket, ObjectLockEnabledForBucket=True)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def test_a_locked_bucket_is_versioned_for_good(self):
        self.assertEqual("Enabled", self.s3.get_bucket_versioning(Bucket=self.bucket)["Status"])
        self.assertEqual({"ObjectLockEnabled": "Enabled"}, self.s3.get_object_lock_configuration(Bucket=self.bucket)["ObjectLockConfiguration"])
        self.assertEqual("InvalidBucketState", self.error(self.s3.put_bucket_versioning, Bucket=self.bucket, VersioningConfiguration={"Status": "Suspended"})["Code"])

    def test_compliance_retention_refuses_every_permanent_delete(self):
        version = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=later())["VersionId"]
        head = self.s3.head_object(Bucket=self.bucket, Key="k")
        self.assertEqual(("COMPLIANCE", "OFF"), (head["ObjectLockMode"], head["ObjectLockLegalHoldStatus"]))
        refused = self.error(self.s3.delete_object, Bucket=self.bucket, Key="k", VersionId=version, BypassGovernanceRetention=True)
        self.assertEqual("AccessDenied", refused["Code"])
        self.assertTrue(self.s3.delete_object(Bucket=self.bucket, Key="k")["DeleteMarker"])  # a delete marker is allowed
        self.assertEqual("AccessDenied", self.error(self.s3.put_object_retention, Bucket=self.bucket, Key="k", VersionId=version,
                                                    Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(2)})["Code"])
        self.s3.put_object_retention(Bucket=self.bucket, Key="k", VersionId=version, Retention={"Mode": "COMPLIANCE", "RetainUntilDate": later(3)})
        self.assertEqual("COMPLIANCE", self.s3.get_object_retention(Bucket=self.bucket, Key="k", VersionId=version)["Retention"]["Mode"])

    def test_governance_yields_to_the_bypass_header(self):
        version = self.s3.put_object(Bucket=self.bucket, Key="g", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=later())["VersionId"]
        self.assertEqual("AccessDenied", self.error(self.s3.delete_object, Bucket=self.bucket, Key="g", VersionId=version)["Code"])
        self.s3.delete_object(Bucket=self.bucket, Key="g", VersionId=version, BypassGovernanceRetention=True)
        self.assertNotIn("Versions", self.s3.list_object_versions(Bucket=self.bucket, Prefix="g"))

    def test_legal_hold_and_default_retention(self):
        version = self.s3.put_object(Bucket=self.bucket, Key="held", Body=b"x", ObjectLockLegalHoldStatus="ON")["VersionId"]
        self.assertEqual("ON", self.s3.get_object_legal_hold(Bucket=self.bucket, Key="held")["LegalHold"]["Status"])
        self.assertEqual("AccessDenied", self.error(self.s3.delete_object, Bucket=self.bucket, Key="held", VersionId=version, BypassGovernanceRetention=True)["Code"])
        self.s3.put_object_legal_hold(Bucket=self.bucket, Key="held", VersionId=version, LegalHold={"Status": "OFF"})
        self.s3.delete_object(Bucket=self.bucket, Key="held", VersionId=version)

        self.s3.put_object_lock_configuration(Bucket=self.bucket, ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
        defaulted = self.s3.put_object(Bucket=self.bucket, Key="d", Body=b"x")["VersionId"]
        retention = self.s3.get_object_retention(Bucket=self.bucket, Key="d", VersionId=defaulted)["Retention"]
        self.assertEqual("GOVERNANCE", retention["Mode"])
        self.assertGreater(retention["RetainUntilDate"], datetime.datetime.now(datetime.timezone.utc))
        self.s3.put_object(Bucket=self.bucket, Key="plain", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=later())
        self.s3.put_object_retention(Bucket=self.bucket, Key="plain", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(5)})

    def test_unlocked_buckets_and_bad_requests(self):
        plain = "plain-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=plain)
        self.assertEqual("ObjectLockConfigurationNotFoundError", self.error(self.s3.get_object_lock_configuration, Bucket=plain)["Code"])
        self.assertEqual("InvalidBucketState", self.error(self.s3.put_object_lock_configuration, Bucket=plain,
                                                          ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"})["Code"])
        self.assertEqual("InvalidRequest", self.error(self.s3.put_object, Bucket=plain, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                                                      ObjectLockRetainUntilDate=later())["Code"])
        self.s3.put_object(Bucket=plain, Key="k", Body=b"x")
        self.assertEqual("InvalidRequest", self.error(self.s3.get_object_retention, Bucket=plain, Key="k")["Code"])
        self.assertEqual("InvalidArgument", self.error(self.s3.put_object, Bucket=self.bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                                                       ObjectLockRetainUntilDate=later(-1))["Code"])
        self.s3.put_object(Bucket=self.bucket, Key="unlocked", Body=b"x")
        self.assertEqual("NoSuchObjectLockConfiguration", self.error(self.s3.get_object_retention, Bucket=self.bucket, Key="unlocked")["Code"])


if __name__ == "__main__":
    unittest.main()
