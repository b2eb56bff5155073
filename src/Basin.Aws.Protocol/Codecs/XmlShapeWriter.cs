using System.Text.Json.Nodes;
using System.Xml;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>Writes a document as XML following a shape: member order, flattened lists, attributes.</summary>
public static class XmlShapeWriter
{
    public static XmlWriterSettings Settings { get; } = new()
    {
        Encoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        Async = true,
        CheckCharacters = false,
    };

    public static void WriteElement(XmlWriter writer, string name, JsonNode? value, Shape shape, string? ns = null, Member? via = null, IReadOnlyList<string>? listOrder = null)
    {
        // Children inherit the document's default namespace unless the model names another.
        if (ns is null) writer.WriteStartElement(name);
        else writer.WriteStartElement(name, ns);
        if (listOrder is not null && shape.Type == "structure") WriteStructure(writer, (JsonObject)value!, shape, listOrder);
        else WriteContent(writer, value, shape, via);
        writer.WriteEndElement();
    }

    /// <summary>Writes the members of a structure (or a scalar's text) inside an already-open element.</summary>
    public static void WriteContent(XmlWriter writer, JsonNode? value, Shape shape, Member? via = null)
    {
        switch (shape.Type)
        {
            case "structure":
                WriteStructure(writer, (JsonObject)value!, shape);
                break;
            case "list":
                var itemName = shape.ListMember!.HasLocationName ? shape.ListMember.WireName : "member";
                foreach (var item in (JsonArray)value!) WriteElement(writer, itemName, item, shape.ListMember.Shape, via: shape.ListMember);
                break;
            case "map":
                foreach (var (key, item) in (JsonObject)value!)
                {
                    writer.WriteStartElement("entry");
                    writer.WriteElementString(shape.MapKey!.WireName, key);
                    WriteElement(writer, shape.MapValue!.WireName, item, shape.MapValue.Shape);
                    writer.WriteEndElement();
                }

                break;
            default:
                if (value is not null) writer.WriteString(WireValues.ToText(value, shape, via?.TimestampFormat, inHeader: false));
                break;
        }
    }

    private static void WriteStructure(XmlWriter writer, JsonObject obj, Shape shape, IReadOnlyList<string>? listOrder = null)
    {
        // Attributes must precede child elements.
        foreach (var member in shape.Members)
        {
            if (!member.XmlAttribute || obj[member.Name] is not { } attr) continue;
            var colon = member.WireName.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && member.WireName[..colon] == "xsi")
            {
                writer.WriteAttributeString("xsi", member.WireName[(colon + 1)..], "http://www.w3.org/2001/XMLSchema-instance", WireValues.ToText(attr, member.Shape, null, false));
            }
            else
            {
                writer.WriteAttributeString(member.WireName, WireValues.ToText(attr, member.Shape, null, false));
            }
        }

        var interleaved = listOrder?.ToHashSet(StringComparer.Ordinal) ?? [];
        var interleavedWritten = false;
        foreach (var member in shape.Members)
        {
            if (member.XmlAttribute || member.Location != MemberLocation.Body || obj[member.Name] is not { } value) continue;
            if (interleaved.Contains(member.Name))
            {
                if (!interleavedWritten) WriteInterleaved(writer, obj, shape, listOrder!);
                interleavedWritten = true;
                continue;
            }

            var flattened = member.Flattened || member.Shape.Flattened;
            if (member.Shape.Type == "list" && flattened)
            {
                foreach (var item in (JsonArray)value) WriteElement(writer, member.WireName, item, member.Shape.ListMember!.Shape, via: member.Shape.ListMember);
            }
            else if (member.Shape.Type == "map" && flattened)
            {
                foreach (var (key, item) in (JsonObject)value)
                {
                    writer.WriteStartElement(member.WireName);
                    writer.WriteElementString(member.Shape.MapKey!.WireName, key);
                    WriteElement(writer, member.Shape.MapValue!.WireName, item, member.Shape.MapValue.Shape);
                    writer.WriteEndElement();
                }
            }
            else
            {
                WriteElement(writer, member.WireName, value, member.Shape, member.XmlNamespace, member);
            }
        }
    }

    /// <summary>Items of several flattened lists, each written as its list's element, in the given document order.</summary>
    private static void WriteInterleaved(XmlWriter writer, JsonObject obj, Shape shape, IReadOnlyList<string> order)
    {
        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            var member = shape.Members.First(m => m.Name == name);
            var index = next.GetValueOrDefault(name);
            next[name] = index + 1;
            if (obj[name] is JsonArray items && index < items.Count)
            {
                WriteElement(writer, member.WireName, items[index], member.Shape.ListMember!.Shape, via: member.Shape.ListMember);
            }
        }
    }
}
