using System.Globalization;
using System.Security.Cryptography;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Encryption;
using Basin.Storage.Checksums;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>Multipart uploads: create, upload (or copy) parts, list, complete, abort.</summary>
public sealed class MultipartOperations(S3Context s3)
{
    private const long MinPartSize = 5L * 1024 * 1024;
    private const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    public void Register(OperationTable operations)
    {
        operations.On<CreateMultipartUploadRequest, CreateMultipartUploadOutput>("CreateMultipartUpload", CreateAsync);
        operations.On<UploadPartRequest, UploadPartOutput>("UploadPart", UploadPartAsync);
        operations.On<UploadPartCopyRequest, UploadPartCopyOutput>("UploadPartCopy", UploadPartCopyAsync);
        operations.On<ListPartsRequest, ListPartsOutput>("ListParts", ListPartsAsync);
        operations.On<ListMultipartUploadsRequest, ListMultipartUploadsOutput>("ListMultipartUploads", ListUploadsAsync);
        operations.On<CompleteMultipartUploadRequest, CompleteMultipartUploadOutput>("CompleteMultipartUpload", CompleteAsync);
        operations.On<AbortMultipartUploadRequest, AbortMultipartUploadOutput>("AbortMultipartUpload", AbortAsync);
    }

    private async Task<CreateMultipartUploadOutput> CreateAsync(CreateMultipartUploadRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);
        var key = S3Context.RequireKey(input.Key);
        var members = ObjectTemplates.Members(input);
        var encryption = s3.Encryption.ForNewUpload(bucket, key, EncryptionRequest.From(members), request.Caller);
        var algorithm = input.ChecksumAlgorithm is { } a ? ChecksumAlgorithms.Parse(a) ?? throw S3Errors.InvalidRequest("Checksum algorithm provided is unsupported.") : (ChecksumAlgorithm?)null;

        // CRC64NVME only supports full-object checksums; the others default to composite.
        var type = input.ChecksumType ?? (algorithm is null ? null : algorithm == ChecksumAlgorithm.Crc64Nvme ? "FULL_OBJECT" : "COMPOSITE");
        if (type == "COMPOSITE" && algorithm == ChecksumAlgorithm.Crc64Nvme || type == "FULL_OBJECT" && algorithm is ChecksumAlgorithm.Sha1 or ChecksumAlgorithm.Sha256)
        {
            throw S3Errors.InvalidRequest($"The {type} checksum type cannot be used with the {algorithm.Value.WireName().ToLowerInvariant()} checksum algorithm.");
        }

        var (owner, acl) = Access.Acls.ForNewObject(s3, bucket, members, request.Caller.AccountId);
        var upload = new MultipartUploadRecord
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_'),
            Bucket = input.Bucket!,
            Key = key,
            Initiated = s3.Now(),
            OwnerAccount = request.Caller.AccountId,
            Template = ObjectTemplates.From(members, request, input.Bucket!, key, s3.Now()) with
            {
                Lock = Locking.ObjectLocks.ForNewVersion(s3.ObjectLock(input.Bucket!), input.ObjectLockMode, input.ObjectLockRetainUntilDate, input.ObjectLockLegalHoldStatus, s3.Now()),
                Encryption = encryption,
                OwnerAccount = owner,
                Acl = acl,
            },
            ChecksumAlgorithm = algorithm?.WireName(),
            ChecksumType = type,
        };
        await s3.Store.CreateUploadAsync(upload).ConfigureAwait(false);
        var output = new CreateMultipartUploadOutput { Bucket = upload.Bucket, Key = key, UploadId = upload.UploadId, ChecksumAlgorithm = upload.ChecksumAlgorithm, ChecksumType = type };
        EncryptionMembers.Write(output, encryption);
        return output;
    }

    private async Task<UploadPartOutput> UploadPartAsync(UploadPartRequest input, AwsRequest request)
    {
        var upload = RequireUpload(input.Bucket, input.Key, input.UploadId);
        var partNumber = PartNumber(input.PartNumber);
        if (input.ContentLength > MaxPartSize) throw new AwsServiceException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size").With("MaxSizeAllowed", MaxPartSize.ToString(CultureInfo.InvariantCulture));
        var contentMd5 = UploadIntegrity.ParseContentMd5(input.ContentMD5);
        var provided = ChecksumMembers.Read(input);
        var algorithms = UploadIntegrity.Algorithms(request, provided, input.ChecksumAlgorithm, upload.ChecksumAlgorithm);
        s3.Encryption.CheckUploadKey(upload, CustomerKeys.ForWrite(input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5), required: true);
        var staged = await s3.Store.WritePartDataAsync(upload.UploadId, partNumber, input.Body ?? Stream.Null, algorithms, request.Http.RequestAborted, s3.Encryption.ForParts(upload)).ConfigureAwait(false);
        var part = await PutPartAsync(request, upload, partNumber, staged, contentMd5, provided).ConfigureAwait(false);
        var output = new UploadPartOutput { ETag = S3Context.Quote(part.ETag) };
        ChecksumMembers.Write(output, part.Checksums);
        EncryptionMembers.Write(output, upload.Template.Encryption);
        return output;
    }

    private async Task<UploadPartCopyOutput> UploadPartCopyAsync(UploadPartCopyRequest input, AwsRequest request)
    {
        var upload = RequireUpload(input.Bucket, input.Key, input.UploadId);
        var partNumber = PartNumber(input.PartNumber);
        var (sourceBucket, sourceKey, sourceVersion) = CopySources.Parse(input.CopySource);
        s3.RequireBucket(sourceBucket);
        var source = s3.CopySourceVersion(sourceBucket, sourceKey, sourceVersion);
        Conditions.Check(source.ETag, source.LastModified, input.CopySourceIfMatch, input.CopySourceIfNoneMatch, input.CopySourceIfModifiedSince, input.CopySourceIfUnmodifiedSince, copySource: true);
        var sourceCustomerKey = s3.Encryption.ReadKey(source, CustomerKeys.ForRead(input.CopySourceSSECustomerAlgorithm, input.CopySourceSSECustomerKey, input.CopySourceSSECustomerKeyMD5));
        s3.Encryption.CheckUploadKey(upload, CustomerKeys.ForWrite(input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5), required: true);
        var range = input.CopySourceRange is { } r ? CopyRange(r, source.Size) : new ByteRange(0, source.Size);
        await using var body = s3.Store.OpenRead(source, range.Start, range.Length, sourceCustomerKey) ?? throw S3Errors.NoSuchKey(sourceKey);
        var algorithms = UploadIntegrity.Algorithms(request, [], null, upload.ChecksumAlgorithm);
        var staged = await s3.Store.WritePartDataAsync(upload.UploadId, partNumber, body, algorithms, request.Http.RequestAborted, s3.Encryption.ForParts(upload)).ConfigureAwait(false);
        var part = await PutPartAsync(request, upload, partNumber, staged, null, []).ConfigureAwait(false);
        var result = new CopyPartResult { ETag = S3Context.Quote(part.ETag), LastModified = part.LastModified };
        ChecksumMembers.Write(result, part.Checksums);
        var output = new UploadPartCopyOutput { CopyPartResult = result };
        EncryptionMembers.Write(output, upload.Template.Encryption);
        return output;
    }

    private async Task<PartRecord> PutPartAsync(AwsRequest request, MultipartUploadRecord upload, int partNumber, StagedData staged, byte[]? contentMd5, Dictionary<ChecksumAlgorithm, string> provided)
    {
        try
        {
            UploadIntegrity.Verify(request, staged, contentMd5, provided);
            return await s3.Store.PutPartAsync(upload.UploadId, partNumber, staged, ServerSideEncryption.ETag(upload.Template.Encryption, staged.Md5), s3.Now()).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchUpload)
        {
            s3.Store.Discard(staged);
            throw S3Errors.NoSuchUpload(upload.UploadId);
        }
        catch
        {
            s3.Store.Discard(staged);
            throw;
        }
    }

    private Task<ListPartsOutput> ListPartsAsync(ListPartsRequest input, AwsRequest request)
    {
        var upload = RequireUpload(input.Bucket, input.Key, input.UploadId);
        var maxParts = Math.Clamp(input.MaxParts ?? 1000, 0, 1000);
        var marker = input.PartNumberMarker ?? 0;
        var parts = s3.Store.ListParts(upload.UploadId).Where(p => p.PartNumber > marker).ToList();
        var page = parts.Take(maxParts).ToList();
        var truncated = parts.Count > maxParts;
        return Task.FromResult(new ListPartsOutput
        {
            Bucket = upload.Bucket,
            Key = upload.Key,
            UploadId = upload.UploadId,
            PartNumberMarker = marker,
            NextPartNumberMarker = page.Count > 0 ? page[^1].PartNumber : null,
            MaxParts = maxParts,
            IsTruncated = truncated,
            Parts = page.Count == 0 ? null : [.. page.Select(ToPart)],
            Initiator = Owners.InitiatorFor(upload.OwnerAccount),
            Owner = Owners.For(upload.OwnerAccount),
            StorageClass = upload.Template.StorageClass,
            ChecksumAlgorithm = upload.ChecksumAlgorithm,
            ChecksumType = upload.ChecksumType,
        });
    }

    private static Part ToPart(PartRecord p)
    {
        var part = new Part { PartNumber = p.PartNumber, LastModified = p.LastModified, ETag = S3Context.Quote(p.ETag), Size = p.Size };
        ChecksumMembers.Write(part, p.Checksums);
        return part;
    }

    private Task<ListMultipartUploadsOutput> ListUploadsAsync(ListMultipartUploadsRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var maxUploads = Math.Clamp(input.MaxUploads ?? 1000, 0, 1000);
        var prefix = input.Prefix ?? string.Empty;
        var uploads = s3.Store.ListUploads(input.Bucket!, prefix)
            .Where(u => input.KeyMarker is null || string.CompareOrdinal(u.Key, input.KeyMarker) > 0
                || (u.Key == input.KeyMarker && input.UploadIdMarker is not null && string.CompareOrdinal(u.UploadId, input.UploadIdMarker) > 0))
            .ToList();
        var items = new List<MultipartUpload>();
        var commonPrefixes = new List<CommonPrefix>();
        string? lastKey = null, lastUploadId = null;
        var truncated = false;
        foreach (var u in uploads)
        {
            if (items.Count + commonPrefixes.Count >= maxUploads)
            {
                truncated = true;
                break;
            }

            var d = string.IsNullOrEmpty(input.Delimiter) ? -1 : u.Key.IndexOf(input.Delimiter, prefix.Length, StringComparison.Ordinal);
            if (d >= 0)
            {
                var cp = u.Key[..(d + input.Delimiter!.Length)];
                if (commonPrefixes.Count == 0 || commonPrefixes[^1].Prefix != cp) commonPrefixes.Add(new CommonPrefix { Prefix = cp });
                continue;
            }

            items.Add(new MultipartUpload
            {
                Key = u.Key,
                UploadId = u.UploadId,
                Initiated = u.Initiated,
                StorageClass = u.Template.StorageClass,
                Owner = Owners.For(u.OwnerAccount),
                Initiator = Owners.InitiatorFor(u.OwnerAccount),
                ChecksumAlgorithm = u.ChecksumAlgorithm,
                ChecksumType = u.ChecksumType,
            });
            (lastKey, lastUploadId) = (u.Key, u.UploadId);
        }

        return Task.FromResult(new ListMultipartUploadsOutput
        {
            Bucket = input.Bucket,
            KeyMarker = input.KeyMarker ?? string.Empty,
            UploadIdMarker = input.UploadIdMarker ?? string.Empty,
            NextKeyMarker = truncated ? lastKey : null,
            NextUploadIdMarker = truncated ? lastUploadId : null,
            Prefix = input.Prefix,
            Delimiter = input.Delimiter,
            MaxUploads = maxUploads,
            IsTruncated = truncated,
            Uploads = items.Count > 0 ? items : null,
            CommonPrefixes = commonPrefixes.Count > 0 ? commonPrefixes : null,
            EncodingType = input.EncodingType,
        });
    }

    private async Task<CompleteMultipartUploadOutput> CompleteAsync(CompleteMultipartUploadRequest input, AwsRequest request)
    {
        var upload = RequireUpload(input.Bucket, input.Key, input.UploadId);
        s3.Encryption.CheckUploadKey(upload, CustomerKeys.ForWrite(input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5), required: false);
        var requested = input.MultipartUpload?.Parts;
        if (requested is null || requested.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        var stored = s3.Store.ListParts(upload.UploadId).ToDictionary(p => p.PartNumber);
        var chosen = new List<PartRecord>(requested.Count);
        var previous = 0;
        foreach (var part in requested)
        {
            var number = part.PartNumber ?? 0;
            if (number <= previous) throw new AwsServiceException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
            previous = number;
            if (!stored.TryGetValue(number, out var uploaded) || uploaded.ETag != part.ETag?.Trim('"'))
            {
                throw new AwsServiceException("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
                    .With("UploadId", upload.UploadId).With("PartNumber", number.ToString(CultureInfo.InvariantCulture)).With("ETag", part.ETag ?? string.Empty);
            }

            chosen.Add(uploaded);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < MinPartSize)
            {
                throw new AwsServiceException("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.")
                    .With("ProposedSize", chosen[i].Size.ToString(CultureInfo.InvariantCulture)).With("MinSizeAllowed", MinPartSize.ToString(CultureInfo.InvariantCulture))
                    .With("PartNumber", chosen[i].PartNumber.ToString(CultureInfo.InvariantCulture)).With("ETag", chosen[i].ETag);
            }
        }

        // The multipart ETag: MD5 of the concatenated binary part MD5s, then "-" and the part count.
        var etag = Convert.ToHexStringLower(MD5.HashData(chosen.SelectMany(p => Convert.FromHexString(p.ETag)).ToArray())) + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture);
        var algorithm = ChecksumAlgorithms.Parse(upload.ChecksumAlgorithm);
        var fullObject = algorithm is { } a && upload.ChecksumType == "FULL_OBJECT" ? [a] : new List<ChecksumAlgorithm>();
        var checksums = algorithm is { } c && upload.ChecksumType == "COMPOSITE" ? Composite(c, chosen) : new Dictionary<string, string>();
        var (encryption, file) = s3.Encryption.ForCompletion(upload);
        var record = upload.Template with
        {
            Encryption = encryption,
            ETag = etag,
            LastModified = s3.Now(),
            PartsCount = chosen.Count,
            PartSizes = [.. chosen.Select(p => p.Size)],
            PartChecksums = algorithm is null ? null : [.. chosen.Select(p => p.Checksums)],
            Checksums = checksums,
            ChecksumType = upload.ChecksumType,
        };
        try
        {
            var completed = await s3.Store.CompleteUploadAsync(upload, chosen, record, fullObject, request.Http.RequestAborted, file).ConfigureAwait(false);
            var output = new CompleteMultipartUploadOutput
            {
                Location = $"{request.Http.Request.Scheme}://{request.Http.Request.Host}/{upload.Bucket}/{Uri.EscapeDataString(upload.Key).Replace("%2F", "/", StringComparison.Ordinal)}",
                Bucket = upload.Bucket,
                Key = upload.Key,
                ETag = S3Context.Quote(etag),
                ChecksumType = upload.ChecksumType,
                VersionId = s3.VersionIdOf(completed),
                Expiration = s3.ExpirationOf(completed),
            };
            ChecksumMembers.Write(output, completed.Checksums);
            EncryptionMembers.Write(output, completed.Encryption);
            s3.Events.Publish(Notifications.S3EventKind.CompleteMultipartUpload, completed, request);
            return output;
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchUpload)
        {
            throw S3Errors.NoSuchUpload(upload.UploadId);
        }
    }

    /// <summary>A composite checksum: the checksum of the concatenated part checksums, suffixed "-N".</summary>
    private static Dictionary<string, string> Composite(ChecksumAlgorithm algorithm, List<PartRecord> parts)
    {
        var name = algorithm.WireName();
        if (parts.Any(p => !p.Checksums.ContainsKey(name))) return [];
        using var set = new ChecksumSet([algorithm]);
        foreach (var p in parts) set.Append(Convert.FromBase64String(p.Checksums[name]));
        return new Dictionary<string, string> { [name] = set.Complete().Checksums[algorithm] + "-" + parts.Count.ToString(CultureInfo.InvariantCulture) };
    }

    private async Task<AbortMultipartUploadOutput> AbortAsync(AbortMultipartUploadRequest input, AwsRequest request)
    {
        var upload = RequireUpload(input.Bucket, input.Key, input.UploadId);
        try
        {
            await s3.Store.AbortUploadAsync(upload.UploadId).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchUpload)
        {
            throw S3Errors.NoSuchUpload(upload.UploadId);
        }

        request.StatusCode = 204;
        return new AbortMultipartUploadOutput();
    }

    private MultipartUploadRecord RequireUpload(string? bucket, string? key, string? uploadId)
    {
        s3.RequireBucket(bucket);
        var upload = uploadId is null ? null : s3.Store.GetUpload(uploadId);
        return upload is not null && upload.Bucket == bucket && upload.Key == key ? upload : throw S3Errors.NoSuchUpload(uploadId ?? string.Empty);
    }

    private static int PartNumber(int? partNumber) =>
        partNumber is >= 1 and <= 10000
            ? partNumber.Value
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumber?.ToString(CultureInfo.InvariantCulture));

    private static ByteRange CopyRange(string header, long size)
    {
        var range = ByteRange.Parse(header, size);
        var explicitEnd = header.Split('-').Last().Trim();
        return range is { } r && long.TryParse(explicitEnd, NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end < size
            ? r
            : throw S3Errors.InvalidArgument($"Range specified is not valid for source object of size: {size}", "x-amz-copy-source-range", header);
    }
}
