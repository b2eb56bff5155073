using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Access;

namespace Basin.Services.S3.Api;

/// <summary>
/// Get/PutBucketAcl and Get/PutObjectAcl: canned ACLs, grant headers or an AccessControlPolicy
/// body. Reads work whatever the Object Ownership; writes follow it (<see cref="Acls"/>): with ACLs
/// disabled only bucket-owner-full-control is accepted, and Block Public Access refuses public grants.
/// </summary>
public sealed class AclOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<GetBucketAclRequest, GetBucketAclOutput>("GetBucketAcl", (input, _) =>
        {
            var bucket = s3.RequireBucket(input.Bucket);
            return Task.FromResult(new GetBucketAclOutput { Owner = Owners.For(bucket.OwnerAccount), Grants = Acls.Show(s3.BucketAcl(bucket.Name), bucket.OwnerAccount) });
        });
        operations.On<PutBucketAclRequest>("PutBucketAcl", async (input, _) =>
        {
            var bucket = s3.RequireBucket(input.Bucket);
            var grants = Acls.FromRequest(ObjectTemplates.Members(input), input.AccessControlPolicy, bucket.OwnerAccount, bucket.OwnerAccount) ?? throw S3Errors.MissingRequestBody();
            if (!Acls.Settable(s3, bucket, grants, bucket.OwnerAccount)) throw Acls.NotSupported();
            var kept = s3.ObjectOwnership(bucket.Name) == "BucketOwnerEnforced" ? null : grants;
            await s3.Store.PutBucketConfigAsync(bucket.Name, S3Context.AclKind, kept is null ? null : JsonSerializer.Serialize(kept)).ConfigureAwait(false);
        });
        operations.On<GetObjectAclRequest, GetObjectAclOutput>("GetObjectAcl", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var version = s3.ReadableVersion(input.Bucket!, S3Context.RequireKey(input.Key), input.VersionId);
            return Task.FromResult(new GetObjectAclOutput { Owner = Owners.For(version.OwnerAccount), Grants = Acls.Show(version.Acl, version.OwnerAccount) });
        });
        operations.On<PutObjectAclRequest, PutObjectAclOutput>("PutObjectAcl", async (input, request) =>
        {
            var bucket = s3.RequireBucket(input.Bucket);
            var version = s3.ReadableVersion(bucket.Name, S3Context.RequireKey(input.Key), input.VersionId);
            var grants = Acls.FromRequest(ObjectTemplates.Members(input), input.AccessControlPolicy, version.OwnerAccount, bucket.OwnerAccount) ?? throw S3Errors.MissingRequestBody();
            if (!Acls.Settable(s3, bucket, grants, version.OwnerAccount)) throw Acls.NotSupported();
            var kept = s3.ObjectOwnership(bucket.Name) == "BucketOwnerEnforced" ? null : grants;
            _ = await s3.Store.UpdateVersionAsync(version, v => v with { Acl = kept }).ConfigureAwait(false) ?? throw S3Errors.NoSuchKey(version.Key);
            return new PutObjectAclOutput();
        });
    }
}
