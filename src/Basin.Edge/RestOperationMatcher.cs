using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Edge;

/// <summary>
/// Finds the REST operation a request addresses from the API model alone. Several operations
/// often share a method and path (S3: PUT /{Bucket}/{Key+} is PutObject, CopyObject, UploadPart
/// or UploadPartCopy), so each candidate is scored by how much of its binding the request shows:
/// literal path segments, query literals (<c>?uploads</c>), and required members that live in
/// the query string or headers (<c>uploadId</c>, <c>x-amz-copy-source</c>). A candidate whose
/// query literal or required member is absent is out; the best-scoring one wins, and on a tie an
/// operation the model marks deprecated loses (GetBucketLifecycle to GetBucketLifecycleConfiguration).
/// </summary>
public static class RestOperationMatcher
{
    public static (OperationModel Operation, Dictionary<string, string> Labels)? Match(ServiceModel model, HttpRequest request, string path)
    {
        (OperationModel, Dictionary<string, string>)? best = null;
        var bestScore = -1;
        foreach (var op in model.Operations.Values)
        {
            if (!string.Equals(op.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            var labels = op.Uri.Match(path);
            if (labels is null) continue;
            var score = Score(op, request);

            // Same binding, same evidence: the current operation wins over the one it superseded.
            if (score >= 0) score = (score * 2) + (op.Deprecated ? 0 : 1);
            if (score > bestScore)
            {
                bestScore = score;
                best = (op, labels);
            }
        }

        return best;
    }

    private static int Score(OperationModel op, HttpRequest request)
    {
        var score = 100 * op.Uri.Segments.Count(s => !s.IsLabel);
        foreach (var (key, value) in op.Uri.QueryLiterals)
        {
            if (!request.Query.TryGetValue(key, out var actual)) return -1;
            if (value is not null && actual != value) return -1;
            score += 10;
        }

        if (op.Input is null) return score;
        foreach (var name in op.Input.Required)
        {
            var member = op.Input.Member(name);
            switch (member?.Location)
            {
                case MemberLocation.QueryString:
                    if (!request.Query.ContainsKey(member.WireName)) return -1;
                    score += 10;
                    break;
                case MemberLocation.Header:
                    // A matched query literal (?attributes) names the operation on its own: a
                    // missing required header is then the operation's error to report, not a reason
                    // to route the request elsewhere (GetObjectAttributes without its header is not a GET).
                    if (request.Headers.ContainsKey(member.WireName)) score += 10;
                    else if (op.Uri.QueryLiterals.Count == 0) return -1;
                    break;
            }
        }

        return score;
    }
}
