using System.Text.Json.Nodes;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Storage.S3;

namespace Basin.Services.S3.Access;

/// <summary>
/// S3 access control lists: canned ACLs, x-amz-grant-* headers and AccessControlPolicy bodies
/// turned into grants, grants shown as S3 shows them, and what a grant lets a caller do. Grantees
/// are canonical users (Basin derives them from account ids) or S3's groups (AllUsers,
/// AuthenticatedUsers, LogDelivery); grants by e-mail address are refused, as in most regions.
/// </summary>
public static class Acls
{
    public const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
    public const string AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public const string LogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    private static readonly string[] Permissions = ["READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"];
    private static readonly (string Member, string Permission)[] GrantHeaders =
        [("GrantRead", "READ"), ("GrantWrite", "WRITE"), ("GrantReadACP", "READ_ACP"), ("GrantWriteACP", "WRITE_ACP"), ("GrantFullControl", "FULL_CONTROL")];

    /// <summary>
    /// The grants a request sets, from exactly one of the canned ACL (x-amz-acl), the grant headers
    /// or an AccessControlPolicy body; null when it sets none.
    /// </summary>
    public static List<AclGrant>? FromRequest(JsonObject doc, AccessControlPolicy? body, string ownerAccount, string bucketOwnerAccount)
    {
        var canned = doc["ACL"]?.GetValue<string>();
        var headers = GrantHeaders.Where(h => doc[h.Member] is not null).ToList();
        if (canned is not null && headers.Count > 0) throw S3Errors.InvalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
        if ((canned is not null || headers.Count > 0) && body?.Grants is not null) throw new AwsServiceException("UnexpectedContent", "This request does not support content");
        if (canned is not null) return Canned(canned, ownerAccount, bucketOwnerAccount);
        if (headers.Count > 0) return [.. headers.SelectMany(h => Grantees(doc[h.Member]!.GetValue<string>()).Select(g => new AclGrant(g, h.Permission)))];
        if (body?.Grants is { } grants) return [.. grants.Select(FromGrant)];
        return null;
    }

    public static List<AclGrant> Canned(string acl, string ownerAccount, string bucketOwnerAccount)
    {
        var owner = new AclGrant(Id(ownerAccount), "FULL_CONTROL");
        return acl switch
        {
            "private" => [owner],
            "public-read" => [owner, new("uri:" + AllUsers, "READ")],
            "public-read-write" => [owner, new("uri:" + AllUsers, "READ"), new("uri:" + AllUsers, "WRITE")],
            "authenticated-read" => [owner, new("uri:" + AuthenticatedUsers, "READ")],
            "bucket-owner-read" => ownerAccount == bucketOwnerAccount ? [owner] : [owner, new(Id(bucketOwnerAccount), "READ")],
            "bucket-owner-full-control" => ownerAccount == bucketOwnerAccount ? [owner] : [owner, new(Id(bucketOwnerAccount), "FULL_CONTROL")],
            "log-delivery-write" => [owner, new("uri:" + LogDelivery, "WRITE"), new("uri:" + LogDelivery, "READ_ACP")],
            _ => throw S3Errors.InvalidArgument("The canned ACL is not valid.", "x-amz-acl", acl),
        };
    }

    /// <summary>The grants S3 shows: the version's or bucket's own, else its owner's FULL_CONTROL.</summary>
    public static List<Grant> Show(IReadOnlyList<AclGrant>? grants, string ownerAccount) =>
        [.. (grants ?? [new AclGrant(Id(ownerAccount), "FULL_CONTROL")]).Select(g => new Grant
        {
            Grantee = g.Grantee.StartsWith("uri:", StringComparison.Ordinal)
                ? new Grantee { Type = "Group", URI = g.Grantee[4..] }
                : new Grantee { Type = "CanonicalUser", ID = g.Grantee[3..] },
            Permission = g.Permission,
        })];

    /// <summary>Grants that open access to everyone, or to every AWS account (S3 calls both public).</summary>
    public static bool IsPublic(IEnumerable<AclGrant>? grants) =>
        grants?.Any(g => g.Grantee is "uri:" + AllUsers or "uri:" + AuthenticatedUsers) == true;

    /// <summary>Whether the grants give <paramref name="caller"/> a permission (FULL_CONTROL gives all); public grants count only when not ignored.</summary>
    public static bool Allows(IReadOnlyList<AclGrant>? grants, string ownerAccount, CallerIdentity caller, string permission, bool ignorePublic)
    {
        foreach (var g in grants ?? [new AclGrant(Id(ownerAccount), "FULL_CONTROL")])
        {
            if (g.Permission != permission && g.Permission != "FULL_CONTROL") continue;
            var matches = g.Grantee switch
            {
                "uri:" + AllUsers => !ignorePublic,
                "uri:" + AuthenticatedUsers => !ignorePublic && !caller.IsAnonymous,
                _ => !caller.IsAnonymous && g.Grantee == Id(caller.AccountId),
            };
            if (matches) return true;
        }

        return false;
    }

    private static string Id(string account) => "id:" + Owners.CanonicalId(account);

    /// <summary>
    /// The owner and ACL of a new object from the request's ACL members and the bucket's settings.
    /// With ACLs disabled (BucketOwnerEnforced) the bucket owner owns it and only an ACL that gives
    /// the bucket owner full control is accepted (and not kept); otherwise Block Public Access
    /// refuses public grants, and BucketOwnerPreferred hands the object to the bucket owner when
    /// the writer grants it full control.
    /// </summary>
    public static (string Owner, IReadOnlyList<AclGrant>? Grants) ForNewObject(S3Context s3, BucketRecord bucket, JsonObject members, string writerAccount)
    {
        var grants = FromRequest(members, null, writerAccount, bucket.OwnerAccount);
        var ownership = s3.ObjectOwnership(bucket.Name);
        if (!Settable(s3, bucket, grants, writerAccount)) throw NotSupported();
        if (ownership == "BucketOwnerEnforced") return (bucket.OwnerAccount, null);
        var ownerGetsFullControl = grants?.Any(g => g.Grantee == Id(bucket.OwnerAccount) && g.Permission == "FULL_CONTROL") == true;
        return (ownership == "BucketOwnerPreferred" && ownerGetsFullControl ? bucket.OwnerAccount : writerAccount, grants);
    }

    /// <summary>
    /// Whether grants may be set on a bucket or object (of <paramref name="ownerAccount"/>): an
    /// account-wide BlockPublicAcls refuses public grants first (AccessDenied); with ACLs disabled
    /// only bucket-owner-full-control or its equivalent is accepted; then the bucket's own Block
    /// Public Access refuses public grants.
    /// </summary>
    public static bool Settable(S3Context s3, BucketRecord bucket, IReadOnlyList<AclGrant>? grants, string ownerAccount)
    {
        if (grants is null) return true;
        var publicGrants = IsPublic(grants);
        if (publicGrants) RequireAccountAllowsPublic(s3, bucket.OwnerAccount);
        if (s3.ObjectOwnership(bucket.Name) == "BucketOwnerEnforced")
        {
            return grants.Any(g => g.Grantee == Id(bucket.OwnerAccount)) && grants.All(g => g.Permission == "FULL_CONTROL" && (g.Grantee == Id(bucket.OwnerAccount) || g.Grantee == Id(ownerAccount)));
        }

        return !(publicGrants && s3.PublicAccess(bucket).BlockPublicAcls) ? true : throw Denied();
    }

    /// <summary>Refuses public grants in an account whose Block Public Access (S3 Control) blocks public ACLs.</summary>
    public static void RequireAccountAllowsPublic(S3Context s3, string account)
    {
        if (s3.AccountPublicAccessBlock(account)?.BlockPublicAcls == true) throw Denied();
    }

    private static AwsServiceException Denied() => new("AccessDenied", "Access Denied", 403);

    public static AwsServiceException NotSupported() => new("AccessControlListNotSupported", "The bucket does not allow ACLs");

    private static AclGrant FromGrant(Grant grant)
    {
        var permission = grant.Permission is { } p && Permissions.Contains(p) ? p : throw S3Errors.MalformedXml();
        return grant.Grantee switch
        {
            { Type: "CanonicalUser", ID: { Length: > 0 } id } => new AclGrant("id:" + id, permission),
            { Type: "Group", URI: { } uri } when uri is AllUsers or AuthenticatedUsers or LogDelivery => new AclGrant("uri:" + uri, permission),
            { Type: "AmazonCustomerByEmail" } => throw UnresolvableEmail(grant.Grantee.EmailAddress),
            _ => throw S3Errors.MalformedXml(),
        };
    }

    /// <summary>A grant header's grantees: <c>id="..."</c>, <c>uri="..."</c> (or <c>emailAddress="..."</c>, refused), comma-separated.</summary>
    private static IEnumerable<string> Grantees(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (type, value) = eq < 0 ? (part, string.Empty) : (part[..eq].Trim(), part[(eq + 1)..].Trim().Trim('"'));
            yield return type switch
            {
                "id" when value.Length > 0 => "id:" + value,
                "uri" when value is AllUsers or AuthenticatedUsers or LogDelivery => "uri:" + value,
                "emailAddress" => throw UnresolvableEmail(value),
                _ => throw S3Errors.InvalidArgument("Invalid grantee in the grant header.", "x-amz-grant", header),
            };
        }
    }

    private static AwsServiceException UnresolvableEmail(string? address) =>
        new AwsServiceException("UnresolvableGrantByEmailAddress", "The e-mail address you provided does not match any account on record.").With("EmailAddressProvided", address ?? string.Empty);
}
