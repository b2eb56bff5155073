using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Basin.Aws.Protocol.Codecs.Cbor;

/// <summary>
/// Decodes CBOR (RFC 8949) into the document form the JSON protocols bind: byte strings become
/// base64 strings (as JSON carries blobs), tag 1 (epoch time) becomes its number, maps become
/// objects. Indefinite-length items are accepted: the AWS SDK for Java's CBOR generator writes them.
/// </summary>
public static class CborDecoder
{
    private const int MaxDepth = 64;

    public static JsonNode? Decode(ReadOnlySpan<byte> data)
    {
        var position = 0;
        var node = Read(data, ref position, 0);
        return position == data.Length ? node : throw Malformed("trailing bytes after the top-level item");
    }

    private static JsonNode? Read(ReadOnlySpan<byte> data, ref int p, int depth)
    {
        if (depth > MaxDepth) throw Malformed("nesting too deep");
        var initial = Byte(data, ref p);
        var major = initial >> 5;
        var info = initial & 0x1F;
        switch (major)
        {
            case 0:
                return JsonValue.Create(Argument(data, ref p, info));
            case 1:
                var n = Argument(data, ref p, info);
                return n > long.MaxValue ? throw Malformed("negative integer out of range") : JsonValue.Create(-1 - (long)n);
            case 2:
                return JsonValue.Create(Convert.ToBase64String(Bytes(data, ref p, info, 2)));
            case 3:
                return JsonValue.Create(Encoding.UTF8.GetString(Bytes(data, ref p, info, 3)));
            case 4:
                var array = new JsonArray();
                if (info == 31)
                {
                    while (!Break(data, ref p)) array.Add(Read(data, ref p, depth + 1));
                }
                else
                {
                    for (ulong i = 0, count = Argument(data, ref p, info); i < count; i++) array.Add(Read(data, ref p, depth + 1));
                }

                return array;
            case 5:
                var map = new JsonObject();
                if (info == 31)
                {
                    while (!Break(data, ref p)) map[Key(data, ref p, depth)] = Read(data, ref p, depth + 1);
                }
                else
                {
                    for (ulong i = 0, count = Argument(data, ref p, info); i < count; i++) map[Key(data, ref p, depth)] = Read(data, ref p, depth + 1);
                }

                return map;
            case 6:
                Argument(data, ref p, info); // tag number: 1 (epoch time) and others wrap their value
                return Read(data, ref p, depth + 1);
            default:
                return info switch
                {
                    20 => JsonValue.Create(false),
                    21 => JsonValue.Create(true),
                    22 or 23 => null,
                    25 => JsonValue.Create((double)BinaryPrimitives.ReadHalfBigEndian(Slice(data, ref p, 2))),
                    26 => JsonValue.Create((double)BinaryPrimitives.ReadSingleBigEndian(Slice(data, ref p, 4))),
                    27 => JsonValue.Create(BinaryPrimitives.ReadDoubleBigEndian(Slice(data, ref p, 8))),
                    _ => throw Malformed($"unsupported simple value {info}"),
                };
        }
    }

    private static string Key(ReadOnlySpan<byte> data, ref int p, int depth) =>
        Read(data, ref p, depth + 1) is JsonValue v && v.TryGetValue<string>(out var key) ? key : throw Malformed("map keys must be text");

    private static byte[] Bytes(ReadOnlySpan<byte> data, ref int p, int info, int major)
    {
        if (info != 31) return Slice(data, ref p, checked((int)Argument(data, ref p, info))).ToArray();
        using var chunks = new MemoryStream();
        while (!Break(data, ref p))
        {
            var chunk = Byte(data, ref p);
            if (chunk >> 5 != major || (chunk & 0x1F) == 31) throw Malformed("bad chunk in an indefinite-length string");
            chunks.Write(Slice(data, ref p, checked((int)Argument(data, ref p, chunk & 0x1F))));
        }

        return chunks.ToArray();
    }

    private static ulong Argument(ReadOnlySpan<byte> data, ref int p, int info) => info switch
    {
        < 24 => (ulong)info,
        24 => Byte(data, ref p),
        25 => BinaryPrimitives.ReadUInt16BigEndian(Slice(data, ref p, 2)),
        26 => BinaryPrimitives.ReadUInt32BigEndian(Slice(data, ref p, 4)),
        27 => BinaryPrimitives.ReadUInt64BigEndian(Slice(data, ref p, 8)),
        _ => throw Malformed($"invalid additional information {info}"),
    };

    private static bool Break(ReadOnlySpan<byte> data, ref int p)
    {
        if (p >= data.Length) throw Malformed("missing break");
        if (data[p] != 0xFF) return false;
        p++;
        return true;
    }

    private static byte Byte(ReadOnlySpan<byte> data, ref int p) => p < data.Length ? data[p++] : throw Malformed("unexpected end");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ref int p, int length)
    {
        if (length < 0 || p + length > data.Length) throw Malformed("unexpected end");
        var slice = data.Slice(p, length);
        p += length;
        return slice;
    }

    private static AwsServiceException Malformed(string why) => CommonErrors.Serialization($"Malformed CBOR request body: {why}.");
}
