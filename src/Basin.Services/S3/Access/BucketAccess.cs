using Basin.Aws.Protocol;
using Basin.Services.Access;
using Basin.Storage.S3;

namespace Basin.Services.S3.Access;

/// <summary>
/// Decides whether a caller may make an S3 request, as S3 does when signatures are enforced.
/// <list type="bullet">
/// <item>An explicit Deny in the bucket policy refuses anyone.</item>
/// <item>Identities of the bucket owner's account are allowed otherwise: Basin has no IAM, so
/// their identity policies are taken to allow everything.</item>
/// <item>Other accounts and anonymous callers need a policy Allow. Restrict Public Buckets voids an
/// Allow that comes from a public policy. Where ACLs are enabled, an ACL grant also allows.</item>
/// <item>Where ACLs are enabled, an object another account owns is reached only by that account
/// or through the object's ACL, whoever owns the bucket.</item>
/// </list>
/// Copies are checked for reading their source too. Managing the bucket policy is for the owner's
/// account only, and its root user may always do it.
/// </summary>
public sealed class BucketAccess(S3Context s3)
{
    private static readonly string[] OwnerOnly = ["PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus"];

    public void Authorize(AwsRequest request)
    {
        var operation = request.Operation.Name;
        if (operation is "ListBuckets" or "CreateBucket" || !request.UriLabels.TryGetValue("Bucket", out var name) || s3.Store.FindBucket(name) is not { } bucket) return;
        request.UriLabels.TryGetValue("Key", out var key);
        var versioned = request.Http.Request.Query.ContainsKey("versionId");
        if (OwnerOnly.Contains(operation))
        {
            if (request.Caller.IsAnonymous || request.Caller.AccountId != bucket.OwnerAccount) throw Denied();

            // The owner account's root user can always manage the policy, so a policy can never lock it out.
            if (request.Caller.Arn.EndsWith(":root", StringComparison.Ordinal)) return;
        }

        Require(request, bucket, S3Actions.For(operation, versioned), key);

        if (operation is "CopyObject" or "UploadPartCopy" && request.Http.Request.Headers["x-amz-copy-source"].ToString() is { Length: > 0 } header)
        {
            var (sourceBucket, sourceKey, sourceVersion) = CopySources.Parse(header);
            if (s3.Store.FindBucket(sourceBucket) is { } source) Require(request, source, S3Actions.For("GetObject", sourceVersion is not null), sourceKey);
        }
    }

    private void Require(AwsRequest request, BucketRecord bucket, string action, string? key)
    {
        if (!Allowed(request, bucket, action, key)) throw Denied();
    }

    private bool Allowed(AwsRequest request, BucketRecord bucket, string action, string? key)
    {
        var caller = request.Caller;
        var policy = s3.BucketPolicy(bucket.Name);
        var resource = key is null ? "arn:aws:s3:::" + bucket.Name : $"arn:aws:s3:::{bucket.Name}/{key}";

        // Condition keys are gathered only when there is a policy to test them.
        var decision = policy is null
            ? PolicyDecision.NotApplicable
            : PolicyMatching.Evaluate(policy, new PolicyRequest(
                caller.IsAnonymous ? null : caller.Arn, caller.IsAnonymous ? null : caller.AccountId, action, resource, ConditionKeys(request, bucket, key, policy)));
        if (decision == PolicyDecision.Deny) return false;

        // With ACLs enabled, an object another account wrote belongs to that account: neither the
        // bucket owner's account nor the bucket policy's Allows reach it; its own ACL decides.
        if (ForeignObject(request, bucket, action, key) is { } foreign)
        {
            return (!caller.IsAnonymous && caller.AccountId == foreign.Version.OwnerAccount)
                || Acls.Allows(foreign.Version.Acl, foreign.Version.OwnerAccount, caller, foreign.Permission, s3.PublicAccess(bucket).IgnorePublicAcls);
        }

        if (!caller.IsAnonymous && caller.AccountId == bucket.OwnerAccount) return true;
        if (decision == PolicyDecision.Allow) return !(s3.PublicAccess(bucket).RestrictPublicBuckets && PolicyMatching.IsPublic(policy));
        return AclAllows(request, bucket, action, key);
    }

    /// <summary>
    /// With ACLs enabled (ownership other than BucketOwnerEnforced), a grant on the bucket (READ
    /// lists, WRITE writes and deletes objects, *_ACP reads or writes the ACL) or on the object
    /// (READ gets it) allows; public grants count unless IgnorePublicAcls is on.
    /// </summary>
    private bool AclAllows(AwsRequest request, BucketRecord bucket, string action, string? key)
    {
        if (s3.ObjectOwnership(bucket.Name) == "BucketOwnerEnforced") return false;
        var (onObject, permission) = AclPermission(action);
        if (permission is null) return false;
        var ignorePublic = s3.PublicAccess(bucket).IgnorePublicAcls;
        if (!onObject) return Acls.Allows(s3.BucketAcl(bucket.Name), bucket.OwnerAccount, request.Caller, permission, ignorePublic);
        return TargetVersion(request, bucket, key!) is { } version && Acls.Allows(version.Acl, version.OwnerAccount, request.Caller, permission, ignorePublic);
    }

    /// <summary>
    /// The version an object-ACL action targets, with the permission it needs, when ACLs are
    /// enabled and an account other than the bucket owner owns it.
    /// </summary>
    private (ObjectRecord Version, string Permission)? ForeignObject(AwsRequest request, BucketRecord bucket, string action, string? key)
    {
        if (key is null || AclPermission(action) is not (true, { } permission) || s3.ObjectOwnership(bucket.Name) == "BucketOwnerEnforced") return null;
        return TargetVersion(request, bucket, key) is { } version && version.OwnerAccount != bucket.OwnerAccount ? (version, permission) : null;
    }

    private ObjectRecord? TargetVersion(AwsRequest request, BucketRecord bucket, string key)
    {
        var versionId = request.Http.Request.Query["versionId"].ToString();
        return versionId.Length > 0 ? s3.Store.GetVersion(bucket.Name, key, versionId) : s3.Store.GetObject(bucket.Name, key);
    }

    /// <summary>
    /// The ACL permission an action needs: on the bucket, READ lists, WRITE writes and deletes
    /// objects, *_ACP reads or writes the ACL; on the object, READ gets it and *_ACP its ACL.
    /// </summary>
    private static (bool OnObject, string? Permission) AclPermission(string action) => action switch
    {
        "s3:ListBucket" or "s3:ListBucketVersions" or "s3:ListBucketMultipartUploads" => (false, "READ"),
        "s3:PutObject" or "s3:DeleteObject" or "s3:DeleteObjectVersion" => (false, "WRITE"),
        "s3:GetBucketAcl" => (false, "READ_ACP"),
        "s3:PutBucketAcl" => (false, "WRITE_ACP"),
        "s3:GetObject" or "s3:GetObjectVersion" => (true, "READ"),
        "s3:GetObjectAcl" or "s3:GetObjectVersionAcl" => (true, "READ_ACP"),
        "s3:PutObjectAcl" or "s3:PutObjectVersionAcl" => (true, "WRITE_ACP"),
        _ => (false, null),
    };

    /// <summary>The global and S3 condition keys a policy can test for this request.</summary>
    private Dictionary<string, IReadOnlyList<string>> ConditionKeys(AwsRequest request, BucketRecord bucket, string? key, PolicyDocument policy)
    {
        var http = request.Http.Request;
        var keys = GlobalConditionKeys.For(request, s3.Now());
        keys["s3:ResourceAccount"] = [bucket.OwnerAccount];
        keys["s3:signatureversion"] = [http.Headers.Authorization.ToString().StartsWith("AWS ", StringComparison.Ordinal) || http.Query.ContainsKey("Signature") ? "AWS" : "AWS4-HMAC-SHA256"];
        keys["s3:authType"] = [http.Query.ContainsKey("X-Amz-Signature") || http.Query.ContainsKey("Signature") ? "REST-QUERY-STRING" : "REST-HEADER"];
        foreach (var header in http.Headers.Keys.Where(h => h.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) && !h.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)))
        {
            keys["s3:" + header.ToLowerInvariant()] = [http.Headers[header].ToString()];
        }

        foreach (var (query, name) in (ReadOnlySpan<(string, string)>)[("prefix", "s3:prefix"), ("delimiter", "s3:delimiter"), ("max-keys", "s3:max-keys"), ("versionId", "s3:VersionId")])
        {
            if (http.Query.TryGetValue(query, out var value)) keys[name] = [value.ToString()];
        }

        // The object's tags cost an index read: only for a policy that tests them.
        if (key is not null && policy.TestsKey("s3:ExistingObjectTag/") && s3.Store.GetObject(bucket.Name, key) is { } current)
        {
            foreach (var (tag, value) in current.Tags) keys["s3:ExistingObjectTag/" + tag] = [value];
        }

        return keys;
    }

    private static AwsServiceException Denied() => new("AccessDenied", "Access Denied", 403);
}
