using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>Reads an XML request body into a document, following a shape (rest-xml payloads).</summary>
public static class XmlShapeReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        Async = true,
    };

    /// <summary>Parses a whole body; an empty body yields null. Malformed XML is S3's <c>MalformedXML</c>.</summary>
    public static async Task<XElement?> LoadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = XmlReader.Create(body, Settings);
            var doc = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
            return doc.Root;
        }
        catch (XmlException e)
        {
            // An empty body is not an XML error: the payload is simply absent.
            if (e.Message.Contains("Root element is missing", StringComparison.Ordinal)) return null;
            throw new AwsServiceException("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    public static JsonNode? Read(XElement element, Shape shape) => shape.Type switch
    {
        "structure" => ReadStructure(element, shape),
        "list" => ReadList(element.Elements().Where(e => e.Name.LocalName == (shape.ListMember!.HasLocationName ? shape.ListMember.WireName : "member")), shape),
        "map" => ReadMap(element.Elements().Where(e => e.Name.LocalName == "entry"), shape),
        _ => WireValues.FromText(element.Value, shape, element.Name.LocalName),
    };

    private static JsonObject ReadStructure(XElement element, Shape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (member.Location != MemberLocation.Body) continue;
            if (member.XmlAttribute)
            {
                var attribute = element.Attributes().FirstOrDefault(a => QualifiedName(a.Name, a.Parent) == member.WireName || a.Name.LocalName == member.WireName);
                if (attribute is not null) result[member.Name] = WireValues.FromText(attribute.Value, member.Shape, member.Name);
                continue;
            }

            var flattened = member.Flattened || member.Shape.Flattened;
            if (member.Shape.Type == "list" && flattened)
            {
                var name = member.HasLocationName ? member.WireName : member.Shape.ListMember!.HasLocationName ? member.Shape.ListMember.WireName : member.Name;
                var items = element.Elements().Where(e => e.Name.LocalName == name).ToList();
                if (items.Count > 0) result[member.Name] = ReadList(items, member.Shape);
                continue;
            }

            if (member.Shape.Type == "map" && flattened)
            {
                var items = element.Elements().Where(e => e.Name.LocalName == member.WireName).ToList();
                if (items.Count > 0) result[member.Name] = ReadMap(items, member.Shape);
                continue;
            }

            var child = element.Elements().FirstOrDefault(e => e.Name.LocalName == member.WireName);
            if (child is not null) result[member.Name] = Read(child, member.Shape);
        }

        return result;
    }

    private static JsonArray ReadList(IEnumerable<XElement> items, Shape list)
    {
        var array = new JsonArray();
        foreach (var item in items) array.Add(Read(item, list.ListMember!.Shape));
        return array;
    }

    private static JsonObject ReadMap(IEnumerable<XElement> entries, Shape map)
    {
        var result = new JsonObject();
        foreach (var entry in entries)
        {
            var key = entry.Element(entry.Name.Namespace + map.MapKey!.WireName)?.Value;
            var value = entry.Element(entry.Name.Namespace + map.MapValue!.WireName);
            if (key is not null && value is not null) result[key] = Read(value, map.MapValue.Shape);
        }

        return result;
    }

    private static string QualifiedName(XName name, XElement? parent)
    {
        var prefix = parent?.GetPrefixOfNamespace(name.Namespace);
        return prefix is null ? name.LocalName : $"{prefix}:{name.LocalName}";
    }
}
