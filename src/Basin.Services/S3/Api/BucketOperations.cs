using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation.</summary>
public sealed class BucketOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreateBucketRequest, CreateBucketOutput>("CreateBucket", CreateBucketAsync);
        operations.On<DeleteBucketRequest>("DeleteBucket", DeleteBucketAsync);
        operations.On<HeadBucketRequest, HeadBucketOutput>("HeadBucket", HeadBucketAsync);
        operations.On<ListBucketsRequest, ListBucketsOutput>("ListBuckets", ListBucketsAsync);
        operations.On<GetBucketLocationRequest, GetBucketLocationOutput>("GetBucketLocation", GetBucketLocationAsync);
    }

    private async Task<CreateBucketOutput> CreateBucketAsync(CreateBucketRequest input, AwsRequest request)
    {
        var name = input.Bucket ?? string.Empty;
        if (!BucketNameRules.IsValid(name)) throw S3Errors.InvalidBucketName(name);
        var region = BucketRegion(input.CreateBucketConfiguration?.LocationConstraint, request.Region);
        var ownership = input.ObjectOwnership ?? "BucketOwnerEnforced";
        if (ownership is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter")) throw S3Errors.InvalidArgument("Invalid x-amz-object-ownership header", "x-amz-object-ownership", ownership);
        var grants = Access.Acls.FromRequest(ObjectTemplates.Members(input), null, request.Caller.AccountId, request.Caller.AccountId);
        if (Access.Acls.IsPublic(grants)) Access.Acls.RequireAccountAllowsPublic(s3, request.Caller.AccountId);
        if (ownership == "BucketOwnerEnforced" && grants is not null && input.ACL != "private")
        {
            throw new AwsServiceException("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
        }

        // The new bucket blocks public access (below), so it cannot start with a public ACL.
        if (Access.Acls.IsPublic(grants))
        {
            throw new AwsServiceException("InvalidBucketAclWithBlockPublicAccessError", "Bucket cannot have public ACLs set with BlockPublicAccess enabled");
        }

        // Since April 2023 a new bucket blocks public access and disables ACLs (BucketOwnerEnforced) unless told otherwise.
        var blockAll = new PublicAccessBlockConfiguration { BlockPublicAcls = true, IgnorePublicAcls = true, BlockPublicPolicy = true, RestrictPublicBuckets = true };
        var controls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ownership }] };
        var defaults = new Dictionary<string, string>
        {
            [S3Context.PublicAccessBlockKind] = System.Text.Json.JsonSerializer.Serialize(blockAll),
            [S3Context.OwnershipKind] = System.Text.Json.JsonSerializer.Serialize(controls),
        };
        if (ownership != "BucketOwnerEnforced" && grants is not null) defaults[S3Context.AclKind] = System.Text.Json.JsonSerializer.Serialize(grants);
        var (bucket, created) = await s3.Store.CreateBucketAsync(new BucketRecord(name, request.Caller.AccountId, region, s3.Now()), defaults).ConfigureAwait(false);
        if (!created && bucket.OwnerAccount != request.Caller.AccountId)
        {
            throw new AwsServiceException("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409).With("BucketName", name);
        }

        // For legacy compatibility us-east-1 answers 200 when the owner re-creates a bucket; every other region refuses.
        if (!created && request.Region != "us-east-1")
        {
            throw new AwsServiceException("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409).With("BucketName", name);
        }

        // Object Lock at creation: the bucket is versioned and locked from the start.
        if (created && input.ObjectLockEnabledForBucket == true)
        {
            await s3.Store.SetBucketVersioningAsync(name, BucketVersioning.Enabled).ConfigureAwait(false);
            await s3.Store.PutBucketConfigAsync(name, Locking.ObjectLocks.Kind, System.Text.Json.JsonSerializer.Serialize(new ObjectLockConfiguration { ObjectLockEnabled = "Enabled" })).ConfigureAwait(false);
        }

        return new CreateBucketOutput { Location = "/" + name, BucketArn = $"arn:aws:s3:::{name}" };
    }

    /// <summary>
    /// AWS's LocationConstraint rules: outside us-east-1 the constraint must name the endpoint's region;
    /// in us-east-1 it must be absent (us-east-1 itself is refused as a constraint).
    /// </summary>
    private static string BucketRegion(string? constraint, string endpointRegion)
    {
        if (string.IsNullOrEmpty(constraint))
        {
            return endpointRegion == "us-east-1"
                ? "us-east-1"
                : throw new AwsServiceException("IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.");
        }

        if (constraint == "us-east-1")
        {
            throw new AwsServiceException("InvalidLocationConstraint", "The specified location-constraint is not valid").With("LocationConstraint", constraint);
        }

        var region = constraint == "EU" ? "eu-west-1" : constraint;
        return region == endpointRegion || endpointRegion == "us-east-1"
            ? region
            : throw new AwsServiceException("IllegalLocationConstraintException", $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.");
    }

    private async Task DeleteBucketAsync(DeleteBucketRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        try
        {
            await s3.Store.DeleteBucketAsync(input.Bucket!).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.BucketNotEmpty)
        {
            throw S3Errors.BucketNotEmpty(input.Bucket!);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
        {
            throw S3Errors.NoSuchBucket(input.Bucket!);
        }
    }

    private Task<HeadBucketOutput> HeadBucketAsync(HeadBucketRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);
        return Task.FromResult(new HeadBucketOutput { BucketRegion = bucket.Region, BucketArn = $"arn:aws:s3:::{bucket.Name}" });
    }

    private Task<ListBucketsOutput> ListBucketsAsync(ListBucketsRequest input, AwsRequest request)
    {
        var max = input.MaxBuckets ?? 10000;
        if (max is < 1 or > 10000) throw S3Errors.InvalidArgument("max-buckets must be between 1 and 10000.", "max-buckets", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = input.ContinuationToken is { } token ? ContinuationTokens.Decode(token) : null;
        var buckets = s3.Store.Buckets
            .Where(b => b.OwnerAccount == request.Caller.AccountId)
            .Where(b => input.Prefix is null || b.Name.StartsWith(input.Prefix, StringComparison.Ordinal))
            .Where(b => input.BucketRegion is null || b.Region == input.BucketRegion)
            .Where(b => after is null || string.CompareOrdinal(b.Name, after) > 0)
            .ToList();
        var page = buckets.Take(max).ToList();
        return Task.FromResult(new ListBucketsOutput
        {
            Buckets = [.. page.Select(b => new Bucket { Name = b.Name, CreationDate = b.Created, BucketRegion = b.Region, BucketArn = $"arn:aws:s3:::{b.Name}" })],
            Owner = Owners.For(request.Caller.AccountId),
            Prefix = input.Prefix,
            ContinuationToken = buckets.Count > max ? ContinuationTokens.Encode(page[^1].Name) : null,
        });
    }

    private Task<GetBucketLocationOutput> GetBucketLocationAsync(GetBucketLocationRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);

        // Buckets in us-east-1 report an empty LocationConstraint.
        return Task.FromResult(new GetBucketLocationOutput { LocationConstraint = bucket.Region == "us-east-1" ? null : bucket.Region });
    }
}
