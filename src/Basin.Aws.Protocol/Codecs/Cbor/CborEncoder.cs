using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs.Cbor;

/// <summary>
/// Encodes a JSON-protocol document as CBOR, following the shape: blobs (base64 in the document)
/// become byte strings and timestamps become tag 1 with epoch seconds, as AWS's CBOR responses do.
/// </summary>
public static class CborEncoder
{
    public static byte[] Encode(JsonNode? node, Shape? shape)
    {
        using var output = new MemoryStream();
        Write(output, node, shape);
        return output.ToArray();
    }

    private static void Write(MemoryStream o, JsonNode? node, Shape? shape)
    {
        if (node is null)
        {
            o.WriteByte(0xF6);
            return;
        }

        switch (node)
        {
            case JsonObject obj when shape?.Type == "structure":
                var members = obj.Where(kv => kv.Value is not null).ToList();
                Head(o, 5, (ulong)members.Count);
                foreach (var (key, member) in members)
                {
                    Text(o, key);
                    Write(o, member, shape.Member(key)?.Shape);
                }

                return;
            case JsonObject obj:
                Head(o, 5, (ulong)obj.Count);
                foreach (var (key, item) in obj)
                {
                    Text(o, key);
                    Write(o, item, shape?.MapValue?.Shape);
                }

                return;
            case JsonArray array:
                Head(o, 4, (ulong)array.Count);
                foreach (var item in array) Write(o, item, shape?.ListMember?.Shape);
                return;
        }

        var value = node.AsValue();
        switch (shape?.Type)
        {
            case "blob":
                var bytes = Convert.FromBase64String(value.GetValue<string>());
                Head(o, 2, (ulong)bytes.Length);
                o.Write(bytes);
                return;
            case "timestamp":
                o.WriteByte(0xC1); // tag 1: epoch-based date/time
                Number(o, value);
                return;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                Text(o, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                o.WriteByte(0xF5);
                break;
            case JsonValueKind.False:
                o.WriteByte(0xF4);
                break;
            case JsonValueKind.Number:
                Number(o, value);
                break;
            default:
                o.WriteByte(0xF6);
                break;
        }
    }

    private static void Number(MemoryStream o, JsonValue value)
    {
        if (value.TryGetValue<long>(out var l))
        {
            if (l >= 0) Head(o, 0, (ulong)l);
            else Head(o, 1, (ulong)(-1 - l));
            return;
        }

        var text = value.ToJsonString();
        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out l))
        {
            if (l >= 0) Head(o, 0, (ulong)l);
            else Head(o, 1, (ulong)(-1 - l));
            return;
        }

        Span<byte> d = stackalloc byte[9];
        d[0] = 0xFB;
        BinaryPrimitives.WriteDoubleBigEndian(d[1..], double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        o.Write(d);
    }

    private static void Text(MemoryStream o, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Head(o, 3, (ulong)bytes.Length);
        o.Write(bytes);
    }

    private static void Head(MemoryStream o, int major, ulong argument)
    {
        var m = (byte)(major << 5);
        Span<byte> b = stackalloc byte[9];
        if (argument < 24)
        {
            o.WriteByte((byte)(m | (int)argument));
        }
        else if (argument <= byte.MaxValue)
        {
            o.WriteByte((byte)(m | 24));
            o.WriteByte((byte)argument);
        }
        else if (argument <= ushort.MaxValue)
        {
            b[0] = (byte)(m | 25);
            BinaryPrimitives.WriteUInt16BigEndian(b[1..], (ushort)argument);
            o.Write(b[..3]);
        }
        else if (argument <= uint.MaxValue)
        {
            b[0] = (byte)(m | 26);
            BinaryPrimitives.WriteUInt32BigEndian(b[1..], (uint)argument);
            o.Write(b[..5]);
        }
        else
        {
            b[0] = (byte)(m | 27);
            BinaryPrimitives.WriteUInt64BigEndian(b[1..], argument);
            o.Write(b);
        }
    }
}
