namespace Basin.Services.Lake.Avro;

/// <summary>
/// Snappy's raw block format (no framing): the uncompressed length as a varint, then literals and
/// back-references with 1-, 2- or 4-byte offsets; a reference may overlap what it produces.
/// </summary>
public static class SnappyRawDecoder
{
    public static byte[] Decompress(ReadOnlySpan<byte> input)
    {
        var at = 0;
        var length = 0L;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= input.Length || shift > 28) throw Corrupt();
            var b = input[at++];
            length |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }

        // Every element takes at least two input bytes and yields at most 64: a larger claim is damage, refused before it is allocated.
        if (length > int.MaxValue || length > 64L * input.Length) throw Corrupt();
        var output = new byte[length];
        var written = 0;
        while (at < input.Length)
        {
            var tag = input[at++];
            if ((tag & 3) == 0)
            {
                var literal = tag >> 2;
                if (literal >= 60)
                {
                    var bytes = literal - 59;
                    if (at + bytes > input.Length) throw Corrupt();
                    literal = 0;
                    for (var i = 0; i < bytes; i++) literal |= input[at + i] << (8 * i);
                    at += bytes;
                }

                literal++;
                if (literal <= 0 || at + literal > input.Length || written + literal > output.Length) throw Corrupt();
                input.Slice(at, literal).CopyTo(output.AsSpan(written));
                at += literal;
                written += literal;
                continue;
            }

            int count, offset;
            switch (tag & 3)
            {
                case 1:
                    if (at >= input.Length) throw Corrupt();
                    count = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | input[at++];
                    break;
                case 2:
                    if (at + 2 > input.Length) throw Corrupt();
                    count = (tag >> 2) + 1;
                    offset = input[at] | (input[at + 1] << 8);
                    at += 2;
                    break;
                default:
                    if (at + 4 > input.Length) throw Corrupt();
                    count = (tag >> 2) + 1;
                    offset = input[at] | (input[at + 1] << 8) | (input[at + 2] << 16) | (input[at + 3] << 24);
                    at += 4;
                    break;
            }

            if (offset <= 0 || offset > written || written + count > output.Length) throw Corrupt();
            for (var i = 0; i < count; i++, written++) output[written] = output[written - offset];
        }

        return written == output.Length ? output : throw Corrupt();
    }

    private static InvalidDataException Corrupt() => new("The snappy data is corrupt.");
}
