using System.Text;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Lake;
using Basin.Services.S3.Encryption;
using Basin.Services.S3.Select;
using Basin.Sql;
using Basin.Sql.Results;

namespace Basin.Services.S3.Api;

/// <summary>
/// SelectObjectContent, run by the SQL engine: the object becomes the S3Object view (read in
/// place, or decrypted into a scratch folder first), the checked expression runs on its own
/// engine session, and the rows stream back as S3's event stream — Records in chunks, then
/// Progress (when asked), Stats and End.
/// </summary>
public sealed class SelectOperations(S3Context s3, SqlEngine? engine)
{
    private const int RecordsChunk = 64 * 1024;

    public void Register(OperationTable operations) =>
        operations.On<SelectObjectContentRequest, SelectObjectContentOutput>("SelectObjectContent", SelectAsync);

    private Task<SelectObjectContentOutput> SelectAsync(SelectObjectContentRequest input, AwsRequest request)
    {
        if (engine is null) throw new AwsServiceException("NotImplemented", "S3 Select needs Basin's SQL engine, which this host does not run.", 501);
        if (request.Caller.IsAnonymous) throw new AwsServiceException("AccessDenied", "Access Denied", 403);
        s3.RequireBucket(input.Bucket);
        var version = s3.ReadableVersion(input.Bucket!, S3Context.RequireKey(input.Key), versionId: null);
        var customerKey = s3.Encryption.ReadKey(version, CustomerKeys.ForRead(input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5));
        ArchiveStorage.RequireReadable(version, s3.Now());
        if (input.ExpressionType != "SQL") throw new AwsServiceException("InvalidExpressionType", "The ExpressionType is invalid. Only SQL expressions are supported.");
        if (input.InputSerialization is null || input.OutputSerialization is null) throw new AwsServiceException("MissingRequiredParameter", "The SelectRequest entity is missing a required parameter. Check the service documentation and try again.");
        var range = input.ScanRange is { } scanRange ? SelectScanRange.Resolve(scanRange, input.InputSerialization, version.Size) : ((long, long)?)null;

        var files = new QueryLakeFiles(_ => s3.Store.OpenRead(version, customerKey: customerKey), Path.Combine(engine.ScratchDirectory, "select-" + Guid.NewGuid().ToString("N")));
        var session = engine.OpenSession();
        try
        {
            var scanned = version.Size;
            var lakeObject = new LakeObject(version.Bucket, version.Key, version.Size, version.LastModified, null, s3.Store.FullPath(version.DataPath), version.Encryption is not null);
            ResultRows rows;
            try
            {
                var path = SourcePath(files, lakeObject, input.InputSerialization);
                if (range is (long first, long last))
                {
                    var ranged = files.ScratchFile("range");
                    scanned = SelectScanRange.Copy(path, ranged, first, last, RecordDelimiter(input.InputSerialization), keepHeader: input.InputSerialization.CSV?.FileHeaderInfo is "USE" or "IGNORE");
                    path = ranged;
                }

                var from = input.Expression is { } expression ? SelectFromPath.Find(expression) : null;
                session.Execute(SelectSource.CreateView(session, input.InputSerialization, path, from));
                rows = new ResultRows(session.Query(SelectExpression.Prepare(session, from?.Expression ?? input.Expression)));
            }
            catch (DuckDb.DuckDbException e)
            {
                throw SelectErrors.From(e, input.InputSerialization);
            }

            request.EventStream = Events(rows, new SelectOutput(input.OutputSerialization, rows.Columns), input, scanned, session, files);
            return Task.FromResult(new SelectObjectContentOutput());
        }
        catch
        {
            session.Dispose();
            files.Dispose();
            throw;
        }
    }

    /// <summary>The byte that ends a record: CSV's RecordDelimiter ends in it (\n, \r\n or \r), JSON lines end in \n.</summary>
    private static byte RecordDelimiter(InputSerialization input) => input.CSV?.RecordDelimiter is { Length: > 0 } d ? (byte)d[^1] : (byte)'\n';

    /// <summary>The object's file; BZIP2 is decompressed first (the engine reads gzip itself), corrupt data failing as S3 fails it.</summary>
    private static string SourcePath(QueryLakeFiles files, LakeObject lakeObject, InputSerialization input)
    {
        var bzip2 = input.CompressionType == "BZIP2" && input.Parquet is null;
        try
        {
            return files.PathOf(lakeObject, bzip2 ? LakeDecoding.Bzip2 : LakeDecoding.None);
        }
        catch (SqlException) when (bzip2)
        {
            throw new AwsServiceException("InvalidCompressionFormat", "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.");
        }
    }

    /// <summary>The response's events; an engine error mid-stream (a CAST that fails on a later row) ends it with S3's error message.</summary>
    private static async IAsyncEnumerable<object> Events(ResultRows rows, SelectOutput output, SelectObjectContentRequest input, long scanned, SqlSession session, QueryLakeFiles files)
    {
        long returned = 0;
        try
        {
            var text = new StringBuilder();
            using var read = rows.Read().GetEnumerator();
            while (true)
            {
                try
                {
                    if (!read.MoveNext()) break;
                }
                catch (DuckDb.DuckDbException e)
                {
                    throw SelectErrors.From(e, input.InputSerialization!);
                }

                output.Append(text, read.Current);
                if (text.Length < RecordsChunk) continue;
                var chunk = Encoding.UTF8.GetBytes(text.ToString());
                returned += chunk.Length;
                text.Clear();
                yield return new RecordsEvent { Payload = chunk };
            }

            if (text.Length > 0)
            {
                var last = Encoding.UTF8.GetBytes(text.ToString());
                returned += last.Length;
                yield return new RecordsEvent { Payload = last };
            }
        }
        finally
        {
            rows.Dispose();
            session.Dispose();
            files.Dispose();
        }

        if (input.RequestProgress?.Enabled == true) yield return new ProgressEvent { Details = new Progress { BytesScanned = scanned, BytesProcessed = scanned, BytesReturned = returned } };
        yield return new StatsEvent { Details = new Stats { BytesScanned = scanned, BytesProcessed = scanned, BytesReturned = returned } };
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new EndEvent();
    }
}
