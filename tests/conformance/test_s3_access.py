"""S3 access control under `basin up --auth sigv4`, with two accounts and a user: new buckets
block public access and disable ACLs; other accounts and anonymous callers need a bucket policy
grant; explicit Deny statements (with conditions) bind everyone; Block Public Access refuses
public policies and voids them with RestrictPublicBuckets; policies are checked as S3 checks them."""
import json
import unittest
import uuid

import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

from basin_server import OTHER, OWNER, sigv4_server
from clients import client, s3control_client



class S3AccessTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = sigv4_server(prefix="basin-access-")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def setUp(self):
        url = self.server.endpoint
        self.owner = client("s3", url=url)
        self.analyst = client("s3", key="analyst", secret="analyst-secret", url=url)
        self.other = client("s3", key="other", secret="other-secret", url=url)
        self.anonymous = client("s3", url=url, signature_version=botocore.UNSIGNED)
        self.bucket = "access-" + uuid.uuid4().hex[:12]
        self.owner.create_bucket(Bucket=self.bucket)
        self.owner.put_object(Bucket=self.bucket, Key="shared/report.csv", Body=b"a,b\n")
        self.owner.put_object(Bucket=self.bucket, Key="private/secret.txt", Body=b"s")

    def code(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]["Code"]

    def policy(self, *statements):
        return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})

    def test_new_buckets_are_private_with_acls_disabled(self):
        block = self.owner.get_public_access_block(Bucket=self.bucket)["PublicAccessBlockConfiguration"]
        self.assertEqual({"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}, block)
        self.assertEqual("BucketOwnerEnforced", self.owner.get_bucket_ownership_controls(Bucket=self.bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"])
        self.assertEqual(b"s", self.analyst.get_object(Bucket=self.bucket, Key="private/secret.txt")["Body"].read())
        for call, kwargs in [(self.other.get_object, {"Key": "shared/report.csv"}), (self.other.put_object, {"Key": "x", "Body": b"x"}),
                             (self.other.list_objects_v2, {}), (self.anonymous.get_object, {"Key": "shared/report.csv"}), (self.other.get_bucket_policy, {})]:
            self.assertEqual("AccessDenied", self.code(call, Bucket=self.bucket, **kwargs), call)
        self.assertEqual("403", self.code(self.other.head_object, Bucket=self.bucket, Key="shared/report.csv"))
        self.assertEqual("NoSuchBucket", self.code(self.other.get_object, Bucket="no-such-" + self.bucket, Key="k"))

    def test_a_policy_grants_another_account_what_it_names(self):
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=self.policy(
            {"Sid": "ReadShared", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{self.bucket}/shared/*"},
            {"Sid": "ListShared", "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{self.bucket}",
             "Condition": {"StringLike": {"s3:prefix": "shared/*"}}},
        ))
        self.assertFalse(self.owner.get_bucket_policy_status(Bucket=self.bucket)["PolicyStatus"]["IsPublic"])
        self.assertEqual(b"a,b\n", self.other.get_object(Bucket=self.bucket, Key="shared/report.csv")["Body"].read())
        self.assertEqual(["shared/report.csv"], [o["Key"] for o in self.other.list_objects_v2(Bucket=self.bucket, Prefix="shared/")["Contents"]])
        self.assertEqual("AccessDenied", self.code(self.other.list_objects_v2, Bucket=self.bucket, Prefix="private/"))
        self.assertEqual("AccessDenied", self.code(self.other.get_object, Bucket=self.bucket, Key="private/secret.txt"))
        self.assertEqual("AccessDenied", self.code(self.other.put_object, Bucket=self.bucket, Key="shared/new", Body=b"x"))
        # A copy needs read access to its source as well as write access to its target.
        other_bucket = "other-" + uuid.uuid4().hex[:12]
        self.other.create_bucket(Bucket=other_bucket)
        self.other.copy_object(Bucket=other_bucket, Key="copy", CopySource={"Bucket": self.bucket, "Key": "shared/report.csv"})
        self.assertEqual("AccessDenied", self.code(self.other.copy_object, Bucket=other_bucket, Key="copy2", CopySource={"Bucket": self.bucket, "Key": "private/secret.txt"}))

    def test_explicit_deny_binds_the_owner_too(self):
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=self.policy(
            {"Sid": "EncryptedUploadsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{self.bucket}/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}}},
            {"Sid": "KeepPrivate", "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{OWNER}:user/analyst"}, "Action": "s3:*", "Resource": f"arn:aws:s3:::{self.bucket}/private/*"},
        ))
        self.assertEqual("AccessDenied", self.code(self.owner.put_object, Bucket=self.bucket, Key="plain", Body=b"x"))
        self.owner.put_object(Bucket=self.bucket, Key="sealed", Body=b"x", ServerSideEncryption="AES256")
        self.assertEqual("AccessDenied", self.code(self.analyst.get_object, Bucket=self.bucket, Key="private/secret.txt"))
        self.assertEqual(b"a,b\n", self.analyst.get_object(Bucket=self.bucket, Key="shared/report.csv")["Body"].read())
        self.owner.delete_bucket_policy(Bucket=self.bucket)  # the root user can always remove the policy
        self.owner.put_object(Bucket=self.bucket, Key="plain", Body=b"x")

    def test_block_public_access_governs_public_policies(self):
        public = self.policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{self.bucket}/shared/*"})
        self.assertEqual("AccessDenied", self.code(self.owner.put_bucket_policy, Bucket=self.bucket, Policy=public))
        self.owner.delete_public_access_block(Bucket=self.bucket)
        self.assertEqual("NoSuchPublicAccessBlockConfiguration", self.code(self.owner.get_public_access_block, Bucket=self.bucket))
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=public)
        self.assertTrue(self.owner.get_bucket_policy_status(Bucket=self.bucket)["PolicyStatus"]["IsPublic"])
        self.assertEqual(b"a,b\n", self.anonymous.get_object(Bucket=self.bucket, Key="shared/report.csv")["Body"].read())
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=self.bucket, Key="private/secret.txt"))
        self.owner.put_public_access_block(Bucket=self.bucket, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=self.bucket, Key="shared/report.csv"))
        self.assertEqual("AccessDenied", self.code(self.other.get_object, Bucket=self.bucket, Key="shared/report.csv"))

    def test_acls_are_disabled_by_default_and_bucket_owner_full_control_is_accepted(self):
        owner_id = self.owner.list_buckets()["Owner"]["ID"]
        acl = self.owner.get_bucket_acl(Bucket=self.bucket)
        self.assertEqual([{"Grantee": {"ID": owner_id, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}], acl["Grants"])
        self.assertEqual("AccessControlListNotSupported", self.code(self.owner.put_bucket_acl, Bucket=self.bucket, ACL="public-read"))
        self.assertEqual("AccessControlListNotSupported", self.code(self.owner.put_object, Bucket=self.bucket, Key="x", Body=b"x", ACL="public-read"))
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=self.policy(
            {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{self.bucket}/drop/*"}))
        self.other.put_object(Bucket=self.bucket, Key="drop/from-other", Body=b"x", ACL="bucket-owner-full-control")
        self.assertEqual(owner_id, self.owner.get_object_acl(Bucket=self.bucket, Key="drop/from-other")["Owner"]["ID"])
        self.assertEqual("AccessControlListNotSupported", self.code(self.other.put_object, Bucket=self.bucket, Key="drop/private", Body=b"x", ACL="private"))

    def test_acl_grants_where_acls_are_enabled(self):
        bucket = "acls-" + uuid.uuid4().hex[:12]
        self.owner.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
        self.owner.delete_public_access_block(Bucket=bucket)
        self.owner.put_object(Bucket=bucket, Key="open", Body=b"o", ACL="public-read")
        self.owner.put_object(Bucket=bucket, Key="closed", Body=b"c")
        self.assertEqual(b"o", self.anonymous.get_object(Bucket=bucket, Key="open")["Body"].read())
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=bucket, Key="closed"))
        grants = self.owner.get_object_acl(Bucket=bucket, Key="open")["Grants"]
        self.assertIn({"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}, grants)
        other_id = self.other.list_buckets()["Owner"]["ID"]
        self.owner.put_bucket_acl(Bucket=bucket, GrantRead=f'id="{other_id}"', GrantFullControl=f'id="{self.owner.list_buckets()["Owner"]["ID"]}"')
        self.assertEqual(["closed", "open"], [o["Key"] for o in self.other.list_objects_v2(Bucket=bucket)["Contents"]])
        self.owner.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"IgnorePublicAcls": True, "BlockPublicAcls": True})
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=bucket, Key="open"))
        self.assertEqual("AccessDenied", self.code(self.owner.put_object, Bucket=bucket, Key="again", Body=b"x", ACL="public-read"))
        self.assertEqual("UnresolvableGrantByEmailAddress", self.code(self.owner.put_bucket_acl, Bucket=bucket, GrantRead='emailAddress="a@example.com"'))

    def test_objects_other_accounts_write_are_theirs_where_acls_are_enabled(self):
        bucket = "writer-" + uuid.uuid4().hex[:12]
        self.owner.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
        self.owner.put_bucket_policy(Bucket=bucket, Policy=self.policy(
            {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/*"}))
        self.other.put_object(Bucket=bucket, Key="theirs", Body=b"t")
        self.other.put_object(Bucket=bucket, Key="shared", Body=b"s", ACL="bucket-owner-read")
        # The bucket owner lists and deletes them, but reads only what the writer granted it.
        self.assertEqual(["shared", "theirs"], [o["Key"] for o in self.owner.list_objects_v2(Bucket=bucket)["Contents"]])
        self.assertEqual("AccessDenied", self.code(self.owner.get_object, Bucket=bucket, Key="theirs"))
        self.assertEqual("AccessDenied", self.code(self.analyst.get_object_acl, Bucket=bucket, Key="theirs"))
        self.assertEqual(b"s", self.owner.get_object(Bucket=bucket, Key="shared")["Body"].read())
        self.assertEqual("AccessDenied", self.code(self.owner.put_object_acl, Bucket=bucket, Key="shared", ACL="private"))
        self.owner.delete_object(Bucket=bucket, Key="theirs")
        self.assertEqual(["shared"], [o["Key"] for o in self.owner.list_objects_v2(Bucket=bucket)["Contents"]])
        # Under BucketOwnerEnforced the bucket owner owns every object again.
        self.owner.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        self.assertEqual(b"s", self.owner.get_object(Bucket=bucket, Key="shared")["Body"].read())

    def test_account_block_public_access(self):
        control = s3control_client(url=self.server.endpoint)
        other_control = s3control_client(key="other", secret="other-secret", url=self.server.endpoint)
        self.addCleanup(control.delete_public_access_block, AccountId=OWNER)
        self.assertEqual(204, control.delete_public_access_block(AccountId=OWNER)["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual(204, control.delete_public_access_block(AccountId=OWNER)["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("NoSuchPublicAccessBlockConfiguration", self.code(control.get_public_access_block, AccountId=OWNER))
        self.assertEqual("AccessDenied", self.code(other_control.get_public_access_block, AccountId=OWNER))
        self.assertEqual("NotImplemented", self.code(control.list_access_points, AccountId=OWNER))
        self.assertEqual("AccessDenied", self.code(other_control.put_public_access_block, AccountId=OWNER,
                                                   PublicAccessBlockConfiguration={"BlockPublicAcls": False}))

        # A bucket opened up at the bucket level, with a public object and a public policy.
        bucket = "open-" + uuid.uuid4().hex[:12]
        self.owner.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
        self.owner.delete_public_access_block(Bucket=bucket)
        self.owner.put_object(Bucket=bucket, Key="open", Body=b"o", ACL="public-read")
        self.owner.put_object(Bucket=bucket, Key="site/index.html", Body=b"i")
        site = self.policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/site/*"})
        self.owner.put_bucket_policy(Bucket=bucket, Policy=site)
        self.assertEqual(b"o", self.anonymous.get_object(Bucket=bucket, Key="open")["Body"].read())
        self.assertEqual(b"i", self.anonymous.get_object(Bucket=bucket, Key="site/index.html")["Body"].read())

        # The account's settings apply to every bucket it owns, over the bucket's own.
        control.put_public_access_block(AccountId=OWNER, PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": False})
        self.assertEqual({"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False},
                         control.get_public_access_block(AccountId=OWNER)["PublicAccessBlockConfiguration"])
        self.assertEqual("AccessDenied", self.code(self.owner.put_object, Bucket=bucket, Key="again", Body=b"x", ACL="public-read"))
        self.assertEqual("AccessDenied", self.code(self.owner.put_bucket_acl, Bucket=bucket, ACL="public-read"))
        self.assertEqual("AccessDenied", self.code(self.owner.create_bucket, Bucket="new-" + bucket, ACL="public-read"))
        self.assertEqual("NoSuchPublicAccessBlockConfiguration", self.code(self.owner.get_public_access_block, Bucket=bucket))
        self.assertEqual(b"o", self.anonymous.get_object(Bucket=bucket, Key="open")["Body"].read())
        control.put_public_access_block(AccountId=OWNER, PublicAccessBlockConfiguration={"IgnorePublicAcls": True, "BlockPublicPolicy": True})
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=bucket, Key="open"))
        self.assertEqual("AccessDenied", self.code(self.owner.put_bucket_policy, Bucket=bucket, Policy=site))
        self.assertEqual(b"i", self.anonymous.get_object(Bucket=bucket, Key="site/index.html")["Body"].read())
        control.put_public_access_block(AccountId=OWNER, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
        self.assertEqual("AccessDenied", self.code(self.anonymous.get_object, Bucket=bucket, Key="site/index.html"))
        self.assertEqual(b"i", self.owner.get_object(Bucket=bucket, Key="site/index.html")["Body"].read())
        # Another account's settings do not reach this one's buckets.
        control.delete_public_access_block(AccountId=OWNER)
        other_control.put_public_access_block(AccountId=OTHER, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
        self.addCleanup(other_control.delete_public_access_block, AccountId=OTHER)
        self.assertEqual(b"i", self.anonymous.get_object(Bucket=bucket, Key="site/index.html")["Body"].read())

    def test_reading_a_named_version_needs_the_version_actions(self):
        self.owner.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        version = self.owner.put_object(Bucket=self.bucket, Key="shared/v.csv", Body=b"v1")["VersionId"]
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=self.policy(
            {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": ["s3:GetObject", "s3:GetObjectTagging"], "Resource": f"arn:aws:s3:::{self.bucket}/shared/*"}))
        self.assertEqual(b"v1", self.other.get_object(Bucket=self.bucket, Key="shared/v.csv")["Body"].read())
        self.assertEqual("AccessDenied", self.code(self.other.get_object, Bucket=self.bucket, Key="shared/v.csv", VersionId=version))
        self.assertEqual("AccessDenied", self.code(self.other.get_object_tagging, Bucket=self.bucket, Key="shared/v.csv", VersionId=version))
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=self.policy(
            {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": ["s3:GetObjectVersion", "s3:GetObjectVersionTagging"], "Resource": f"arn:aws:s3:::{self.bucket}/shared/*"}))
        self.assertEqual(b"v1", self.other.get_object(Bucket=self.bucket, Key="shared/v.csv", VersionId=version)["Body"].read())
        self.assertEqual([], self.other.get_object_tagging(Bucket=self.bucket, Key="shared/v.csv", VersionId=version)["TagSet"])

    def test_policy_documents_are_checked(self):
        resource = f"arn:aws:s3:::{self.bucket}/*"
        bad = [
            "not json",
            json.dumps({"Version": "2012-10-17"}),
            self.policy({"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", "Resource": resource}),
            self.policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}),
            self.policy({"Effect": "Allow", "Principal": {"AWS": "not-an-account"}, "Action": "s3:GetObject", "Resource": resource}),
            self.policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sqs:SendMessage", "Resource": resource}),
            self.policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::some-other-bucket/*"}),
            self.policy({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject", "Resource": resource, "Condition": {"SortOf": {"aws:SourceIp": "1.2.3.4"}}}),
            json.dumps({"Version": 2012, "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": resource}]}),
            self.policy({"Effect": True, "Principal": {"AWS": OTHER}, "Action": "s3:GetObject", "Resource": resource}),
        ]
        for document in bad:
            self.assertEqual("MalformedPolicy", self.code(self.owner.put_bucket_policy, Bucket=self.bucket, Policy=document), document)
        self.assertEqual("NoSuchBucketPolicy", self.code(self.owner.get_bucket_policy, Bucket=self.bucket))
        good = self.policy({"Effect": "Allow", "Principal": {"AWS": [OTHER]}, "Action": ["s3:Get*"], "Resource": [resource],
                            "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}})
        self.owner.put_bucket_policy(Bucket=self.bucket, Policy=good)
        self.assertEqual(good, self.owner.get_bucket_policy(Bucket=self.bucket)["Policy"])
        self.assertEqual(b"s", self.other.get_object(Bucket=self.bucket, Key="private/secret.txt")["Body"].read())


if __name__ == "__main__":
    unittest.main()
