using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Basin.Services.Firehose.Delivery;
using Basin.Storage.Checksums;

namespace Basin.Tests.Firehose;

/// <summary>
/// Firehose's object compressions round-trip: Snappy (framing format, with its checksums) and
/// HADOOP_SNAPPY are decoded here by a reader written from the format descriptions, separately
/// from the encoder; GZIP and ZIP by .NET's readers.
/// </summary>
public sealed class CompressionTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"id\":{i},\"name\":\"customer {i % 97}\"}}\n")));

    [Fact]
    public void Snappy_framing_format_round_trips_with_valid_checksums()
    {
        using var output = new MemoryStream();
        ObjectCompression.Write("Snappy", Data, output, "x");
        var framed = output.ToArray();
        Assert.True(framed.Length < Data.Length / 3, $"compressed {Data.Length} to {framed.Length}");
        Assert.Equal(Data, ReadFramed(framed));
    }

    [Fact]
    public void Hadoop_snappy_round_trips()
    {
        using var output = new MemoryStream();
        ObjectCompression.Write("HADOOP_SNAPPY", Data, output, "x");
        var bytes = output.ToArray();
        var result = new List<byte>();
        var at = 0;
        while (at < bytes.Length)
        {
            var blockLength = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            at += 4;
            var block = new List<byte>();
            while (block.Count < blockLength)
            {
                var chunk = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                block.AddRange(DecodeBlock(bytes.AsSpan(at + 4, chunk)));
                at += 4 + chunk;
            }

            result.AddRange(block);
        }

        Assert.Equal(Data, result.ToArray());
    }

    [Fact]
    public void Snappy_handles_incompressible_and_tiny_inputs()
    {
        var random = new byte[200_000];
        new Random(7).NextBytes(random);
        foreach (var input in new[] { random, [], "a"u8.ToArray(), Encoding.ASCII.GetBytes(new string('z', 70_000)) })
        {
            using var output = new MemoryStream();
            ObjectCompression.Write("Snappy", input, output, "x");
            Assert.Equal(input, ReadFramed(output.ToArray()));
        }
    }

    [Fact]
    public void Gzip_and_zip_are_readable_by_standard_readers()
    {
        using (var gz = new MemoryStream())
        {
            ObjectCompression.Write("GZIP", Data, gz, "x");
            using var reader = new GZipStream(new MemoryStream(gz.ToArray()), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            reader.CopyTo(plain);
            Assert.Equal(Data, plain.ToArray());
        }

        using var zip = new MemoryStream();
        ObjectCompression.Write("ZIP", Data, zip, "stream-1-object");
        using var archive = new ZipArchive(new MemoryStream(zip.ToArray()));
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("stream-1-object", entry.Name);
        using var content = new MemoryStream();
        entry.Open().CopyTo(content);
        Assert.Equal(Data, content.ToArray());
    }

    private static byte[] ReadFramed(byte[] framed)
    {
        Assert.Equal([0xFF, 0x06, 0x00, 0x00, .. "sNaPpY"u8], framed[..10]);
        var result = new List<byte>();
        for (var at = 10; at < framed.Length;)
        {
            var type = framed[at];
            var length = framed[at + 1] | (framed[at + 2] << 8) | (framed[at + 3] << 16);
            var masked = BinaryPrimitives.ReadUInt32LittleEndian(framed.AsSpan(at + 4));
            var chunk = type == 0 ? DecodeBlock(framed.AsSpan(at + 8, length - 4)) : framed.AsSpan(at + 8, length - 4).ToArray();
            var crc = Crc.Crc32C(0, chunk);
            Assert.Equal(((crc >> 15) | (crc << 17)) + 0xA282EAD8, masked);
            result.AddRange(chunk);
            at += 4 + length;
        }

        return [.. result];
    }

    /// <summary>A Snappy block decoder following format_description.txt (all four element types).</summary>
    private static byte[] DecodeBlock(ReadOnlySpan<byte> input)
    {
        var at = 0;
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = input[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
        }

        var output = new byte[length];
        var written = 0;
        while (at < input.Length)
        {
            var tag = input[at++];
            switch (tag & 3)
            {
                case 0:
                    var literal = tag >> 2;
                    if (literal >= 60)
                    {
                        var bytes = literal - 59;
                        literal = 0;
                        for (var i = 0; i < bytes; i++) literal |= input[at++] << (8 * i);
                    }

                    input.Slice(at, literal + 1).CopyTo(output.AsSpan(written));
                    at += literal + 1;
                    written += literal + 1;
                    break;
                case 1:
                    Copy(output, ref written, ((tag >> 5) << 8) | input[at++], ((tag >> 2) & 7) + 4);
                    break;
                case 2:
                    Copy(output, ref written, input[at] | (input[at + 1] << 8), (tag >> 2) + 1);
                    at += 2;
                    break;
                default:
                    Copy(output, ref written, BinaryPrimitives.ReadInt32LittleEndian(input[at..]), (tag >> 2) + 1);
                    at += 4;
                    break;
            }
        }

        Assert.Equal(length, written);
        return output;
    }

    private static void Copy(byte[] output, ref int written, int offset, int length)
    {
        for (var i = 0; i < length; i++, written++) output[written] = output[written - offset];
    }
}
