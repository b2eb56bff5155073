using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Codecs;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>
/// Custom classifiers (CSV, Grok, JSON, XML) that crawlers try before the built-in ones. Each is
/// stored as Glue's Classifier union with exactly one kind set; updates change only the fields
/// given and bump the version.
/// </summary>
public sealed class ClassifierOperations(GlueContext glue)
{
    private const string Kind = "classifier";

    public void Register(OperationTable operations)
    {
        operations.On<CreateClassifierRequest, CreateClassifierResponse>("CreateClassifier", async (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, null);
            var (kind, body) = OneOf(input);
            var name = Name(body);
            Validate(kind, body);
            var now = CatalogDocuments.Timestamp(glue.Now());
            body["CreationTime"] = now;
            body["LastUpdated"] = now;
            body["Version"] = 1;
            var classifier = new JsonObject { [kind] = body }.Deserialize<Classifier>(AwsJson.Document)!;
            return await glue.Store.PutDocumentAsync(catalog, Kind, string.Empty, name, CatalogDocuments.Serialize(classifier), create: true).ConfigureAwait(false)
                ? new CreateClassifierResponse()
                : throw GlueErrors.AlreadyExists("Classifier");
        });
        operations.On<GetClassifierRequest, GetClassifierResponse>("GetClassifier", (input, request) =>
        {
            var doc = glue.Store.GetDocument(GlueContext.Catalog(request, null), Kind, string.Empty, input.Name ?? string.Empty) ?? throw NotFound(input.Name);
            return Task.FromResult(new GetClassifierResponse { Classifier = CatalogDocuments.Deserialize<Classifier>(doc) });
        });
        operations.On<GetClassifiersRequest, GetClassifiersResponse>("GetClassifiers", (input, request) =>
        {
            var size = GlueContext.PageSize(input.MaxResults, 1000);
            var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
            var rows = glue.Store.ListDocuments(GlueContext.Catalog(request, null), Kind, string.Empty, after, size + 1);
            var page = rows.Take(size).ToList();
            return Task.FromResult(new GetClassifiersResponse
            {
                Classifiers = [.. page.Select(r => CatalogDocuments.Deserialize<Classifier>(r.Doc))],
                NextToken = rows.Count > size ? PageTokens.Encode(page[^1].Name) : null,
            });
        });
        operations.On<UpdateClassifierRequest, UpdateClassifierResponse>("UpdateClassifier", async (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, null);
            var (kind, changes) = OneOf(input);
            var name = Name(changes);
            var stored = JsonNode.Parse(glue.Store.GetDocument(catalog, Kind, string.Empty, name) ?? throw NotFound(name))!.AsObject();
            if (stored[kind] is not JsonObject current) throw GlueErrors.InvalidInput($"Classifier {name} is not a {kind}.");
            foreach (var (key, value) in changes) current[key] = value?.DeepClone();
            Validate(kind, current);
            current["LastUpdated"] = CatalogDocuments.Timestamp(glue.Now());
            current["Version"] = (current["Version"]?.GetValue<long>() ?? 1) + 1;
            await glue.Store.PutDocumentAsync(catalog, Kind, string.Empty, name, stored.ToJsonString(), create: false).ConfigureAwait(false);
            return new UpdateClassifierResponse();
        });
        operations.On<DeleteClassifierRequest, DeleteClassifierResponse>("DeleteClassifier", async (input, request) =>
            await glue.Store.DeleteDocumentAsync(GlueContext.Catalog(request, null), Kind, string.Empty, input.Name ?? string.Empty).ConfigureAwait(false)
                ? new DeleteClassifierResponse()
                : throw NotFound(input.Name));
    }

    /// <summary>The one classifier kind a Create/UpdateClassifier request carries, as a document.</summary>
    private static (string Kind, JsonObject Body) OneOf(object input)
    {
        var doc = JsonSerializer.SerializeToNode(input, input.GetType(), AwsJson.Document)!.AsObject();
        var set = doc.Where(kv => kv.Value is JsonObject).ToList();
        return set.Count == 1
            ? (set[0].Key, set[0].Value!.AsObject().DeepClone().AsObject())
            : throw GlueErrors.InvalidInput("Exactly one of GrokClassifier, XMLClassifier, JsonClassifier or CsvClassifier must be given.");
    }

    private static void Validate(string kind, JsonObject body)
    {
        string? Text(string key) => body[key]?.GetValue<string>();
        switch (kind)
        {
            case "CsvClassifier":
                if (Text("Delimiter") is { Length: not 1 }) throw GlueErrors.InvalidInput("Delimiter must be a single character.");
                if (Text("QuoteSymbol") is { Length: not 1 }) throw GlueErrors.InvalidInput("QuoteSymbol must be a single character.");
                if (Text("ContainsHeader") is { } header && header is not ("UNKNOWN" or "PRESENT" or "ABSENT")) throw GlueErrors.InvalidInput("ContainsHeader must be UNKNOWN, PRESENT or ABSENT.");
                break;
            case "GrokClassifier":
                if (string.IsNullOrEmpty(Text("GrokPattern")) || string.IsNullOrEmpty(Text("Classification"))) throw GlueErrors.InvalidInput("A Grok classifier needs Classification and GrokPattern.");
                break;
            case "XMLClassifier":
                if (string.IsNullOrEmpty(Text("Classification"))) throw GlueErrors.InvalidInput("An XML classifier needs a Classification.");
                break;
            case "JsonClassifier":
                if (string.IsNullOrEmpty(Text("JsonPath"))) throw GlueErrors.InvalidInput("A JSON classifier needs a JsonPath.");
                break;
        }
    }

    private static string Name(JsonObject body) =>
        body["Name"]?.GetValue<string>() is { Length: >= 1 and <= 255 } name ? name : throw GlueErrors.InvalidInput("Classifier name must be 1–255 characters.");

    private static AwsServiceException NotFound(string? name) => new("EntityNotFoundException", $"Classifier {name} not found.");
}
