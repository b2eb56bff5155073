using System.Xml;
using System.Xml.Linq;
using Basin.Aws.Model.Glue;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// A custom XML classifier: each element named by its RowTag, wherever it sits, is a record
/// (self-closing ones are skipped, as Glue skips them). A record's attributes are columns named
/// with a leading underscore, its child elements columns of their own names: text is typed as the
/// CSV classifier types a field, an element with children or attributes is a struct (its own text
/// then the field <c>_value</c>), a repeated element an array. Types widen across records.
/// </summary>
public static class XmlClassification
{
    private const string AttributePrefix = "_";
    private const string ValueField = "_value";

    public static FileSchema? Custom(XMLClassifier classifier, string text, bool complete, string compression)
    {
        if (classifier.RowTag is not { Length: > 0 } rowTag) return null;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        List<GlueType.Field>? fields = null;
        long records = 0;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Name != rowTag)
                {
                    reader.Read();
                    continue;
                }

                var row = (XElement)XNode.ReadFrom(reader);
                if (row.IsEmpty) continue;
                var rowFields = Fields(row);
                fields = fields is null ? rowFields : GlueType.MergeFields(fields, rowFields);
                records++;
            }
        }
        catch (XmlException)
        {
            // A record cut off by the end of a partial sample ends it; anything else is not this XML.
            if (complete || records == 0) return null;
        }

        if (fields is null || fields.Count == 0) return null;
        return new FileSchema
        {
            Classification = "xml",
            Compression = compression,
            Columns = [.. fields.Select(f => f with { Type = f.TypeOrString })],
            XmlRowTag = rowTag,
            SampledRecords = records,
            SampledBytes = System.Text.Encoding.UTF8.GetByteCount(text),
        };
    }

    private static List<GlueType.Field> Fields(XElement element)
    {
        var fields = new List<GlueType.Field>();
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
            fields.Add(new GlueType.Field(AttributePrefix + attribute.Name.LocalName.ToLowerInvariant(), TextValues.TypeOf(attribute.Value.Trim())));

        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName.ToLowerInvariant()))
        {
            var types = group.Select(TypeOf).ToList();
            var type = types.Count == 1 ? types[0] : new GlueType.Array(types.Aggregate((GlueType?)null, GlueType.Widen));
            fields = GlueType.MergeFields(fields, [new GlueType.Field(group.Key, type)]);
        }

        var text = string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        if (text.Length > 0 && fields.Count > 0) fields.Add(new GlueType.Field(ValueField, TextValues.TypeOf(text)));
        return fields;
    }

    /// <summary>Plain text is a scalar; an element with attributes or children is a struct of them.</summary>
    private static GlueType? TypeOf(XElement element) =>
        element.HasElements || element.Attributes().Any(a => !a.IsNamespaceDeclaration)
            ? new GlueType.Struct(Fields(element))
            : TextValues.TypeOf(element.Value.Trim());
}
