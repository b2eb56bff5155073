using System.Text.Json.Nodes;
using System.Xml;
using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// The query protocol (STS): form-encoded parameters in, <c>&lt;OpResponse&gt;&lt;OpResult&gt;</c> XML out.
/// Lists are <c>Name.member.N</c> (or <c>Name.N</c> when flattened), maps <c>Name.entry.N.key/value</c>.
/// </summary>
public sealed class QueryCodec : IProtocolCodec
{
    public async Task<object?> ReadInputAsync(AwsRequest request)
    {
        var type = request.Service.Types[request.Operation.Name].Input;
        var input = request.Operation.Input;
        if (type is null || input is null) return null;
        var parameters = await ReadParametersAsync(request.Http).ConfigureAwait(false);
        var doc = ReadStructure(parameters, string.Empty, input);
        return TypedDocuments.ToTyped(doc, type, "InvalidParameterValue");
    }

    /// <summary>Query and form parameters together, as the query protocol accepts either.</summary>
    public static async Task<Dictionary<string, string>> ReadParametersAsync(HttpContext http)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in http.Request.Query) result[k] = v.ToString();
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            foreach (var (k, v) in form) result[k] = v.ToString();
        }

        return result;
    }

    private static JsonObject ReadStructure(IReadOnlyDictionary<string, string> p, string prefix, Shape shape)
    {
        var doc = new JsonObject();
        foreach (var member in shape.Members)
        {
            var value = ReadValue(p, prefix + member.WireName, member.Shape, member.Flattened || member.Shape.Flattened);
            if (value is not null) doc[member.Name] = value;
        }

        return doc;
    }

    private static JsonNode? ReadValue(IReadOnlyDictionary<string, string> p, string key, Shape shape, bool flattened)
    {
        switch (shape.Type)
        {
            case "structure":
                var nested = ReadStructure(p, key + ".", shape);
                return nested.Count > 0 ? nested : null;
            case "list":
                var itemPrefix = flattened ? key + "." : $"{key}.{(shape.ListMember!.HasLocationName ? shape.ListMember.WireName : "member")}.";
                var array = new JsonArray();
                for (var i = 1; ; i++)
                {
                    var item = ReadValue(p, itemPrefix + i, shape.ListMember!.Shape, false);
                    if (item is null) break;
                    array.Add(item);
                }

                return array.Count > 0 || p.ContainsKey(key) ? array : null;
            case "map":
                var map = new JsonObject();
                var entryPrefix = flattened ? key + "." : key + ".entry.";
                for (var i = 1; p.TryGetValue($"{entryPrefix}{i}.{shape.MapKey!.WireName}", out var mapKey); i++)
                {
                    map[mapKey] = ReadValue(p, $"{entryPrefix}{i}.{shape.MapValue!.WireName}", shape.MapValue.Shape, false);
                }

                return map.Count > 0 ? map : null;
            default:
                return p.TryGetValue(key, out var text) ? WireValues.FromText(text, shape, key) : null;
        }
    }

    public async Task WriteOutputAsync(AwsRequest request, object? output)
    {
        var op = request.Operation;
        var doc = TypedDocuments.ToDocument(output, request.Service.Types[op.Name].Output);
        await WriteXmlAsync(request.Http, 200, writer =>
        {
            writer.WriteStartElement($"{op.Name}Response", request.Service.XmlNamespace ?? string.Empty);
            if (op.Output is not null)
            {
                writer.WriteStartElement($"{op.Name}Result");
                XmlShapeWriter.WriteContent(writer, doc, op.Output);
                writer.WriteEndElement();
            }

            writer.WriteStartElement("ResponseMetadata");
            writer.WriteElementString("RequestId", request.RequestId);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }).ConfigureAwait(false);
    }

    public Task WriteErrorAsync(AwsRequest request, AwsServiceException error) =>
        WriteErrorAsync(request.Http, request.Service.XmlNamespace, request.RequestId, error);

    public static Task WriteErrorAsync(HttpContext http, string? ns, string requestId, AwsServiceException error) =>
        WriteXmlAsync(http, error.StatusCode, writer =>
        {
            writer.WriteStartElement("ErrorResponse", ns ?? string.Empty);
            writer.WriteStartElement("Error");
            writer.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", error.Message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
        });

    private static async Task WriteXmlAsync(HttpContext http, int status, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, XmlShapeWriter.Settings))
        {
            write(writer);
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml";
        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
