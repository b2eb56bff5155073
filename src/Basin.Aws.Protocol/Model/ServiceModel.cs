using System.Text.Json;
using Basin.Aws.Model;

namespace Basin.Aws.Protocol.Model;

/// <summary>A covered AWS service's API model, loaded from its embedded spec.</summary>
public sealed class ServiceModel
{
    private readonly Dictionary<string, OperationModel> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);

    private ServiceModel()
    {
    }

    /// <summary>botocore's service name, also the spec file name (<c>s3</c>, <c>redshift-data</c>).</summary>
    public required string Name { get; init; }
    public required string Protocol { get; init; }
    public required string ApiVersion { get; init; }

    /// <summary>The SigV4 credential-scope service name clients sign with.</summary>
    public required string SigningName { get; init; }
    public string? TargetPrefix { get; init; }
    public string? JsonVersion { get; init; }
    public string? XmlNamespace { get; init; }

    /// <summary>Errors are a bare <c>&lt;Error&gt;</c> document (S3), not wrapped in <c>&lt;ErrorResponse&gt;</c>.</summary>
    public bool NoErrorWrapping { get; init; }
    public required IReadOnlyDictionary<string, OperationTypes> Types { get; init; }

    public IReadOnlyDictionary<string, OperationModel> Operations => _operations;
    public IReadOnlyDictionary<string, Shape> Shapes => _shapes;

    public static ServiceModel Load(string serviceName)
    {
        using var stream = EmbeddedSpecs.Open(serviceName);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var meta = root.GetProperty("metadata");
        string? Meta(string key) => meta.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var model = new ServiceModel
        {
            Name = serviceName,
            Protocol = Meta("protocol")!,
            ApiVersion = Meta("apiVersion")!,
            SigningName = Meta("signingName") ?? Meta("endpointPrefix")!,
            TargetPrefix = Meta("targetPrefix"),
            JsonVersion = Meta("jsonVersion"),
            XmlNamespace = Meta("xmlNamespace") is { } ns ? ns : null,
            NoErrorWrapping = meta.TryGetProperty("noErrorWrapping", out var unwrapped) && unwrapped.ValueKind == JsonValueKind.True,
            Types = EmbeddedSpecs.OperationTypesOf(serviceName),
        };
        var shapes = root.GetProperty("shapes");
        foreach (var s in shapes.EnumerateObject()) model._shapes[s.Name] = Shape.Parse(s.Name, s.Value);
        foreach (var s in shapes.EnumerateObject()) model._shapes[s.Name].Resolve(s.Value, model._shapes);
        foreach (var o in root.GetProperty("operations").EnumerateObject())
        {
            model._operations[o.Name] = OperationModel.Parse(model, o.Name, o.Value, model._shapes);
        }

        return model;
    }
}
