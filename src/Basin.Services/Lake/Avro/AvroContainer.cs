using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Basin.Services.Lake.Avro;

/// <summary>
/// Avro object container files, as Hive's AvroSerDe reads them: the header (magic <c>Obj\x01</c>,
/// the metadata with <c>avro.schema</c> and <c>avro.codec</c>, a 16-byte sync marker), then
/// blocks of records, each compressed by the codec (null, deflate, snappy or bzip2) and followed
/// by the sync marker. <see cref="ToJsonLines"/> rewrites the records as JSON lines, which the
/// engine reads as a JSON table (the engine has no Avro reader).
/// </summary>
public static class AvroContainer
{
    private static readonly byte[] Magic = [(byte)'O', (byte)'b', (byte)'j', 1];

    /// <summary>Whether the bytes start like an Avro container file.</summary>
    public static bool IsAvro(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>The writer's schema from the header, as JSON text.</summary>
    public static string SchemaOf(Stream file) => ReadHeader(file).Schema;

    /// <summary>The writer's schema and the number of records, counted from the blocks' headers (their data is skipped).</summary>
    public static (string Schema, long Records) Describe(Stream file)
    {
        var header = ReadHeader(file);
        var records = 0L;
        while (TryReadLong(file, out var count))
        {
            var size = ReadLong(file);
            if (count < 0 || size < 0) throw new InvalidDataException("An Avro block header is negative.");
            Skip(file, size + 16);
            records += count;
        }

        return (header.Schema, records);
    }

    private static void Skip(Stream file, long bytes)
    {
        if (file.CanSeek)
        {
            if (file.Position + bytes > file.Length) throw new EndOfStreamException("The Avro file ends inside a block.");
            file.Seek(bytes, SeekOrigin.Current);
            return;
        }

        var buffer = new byte[Math.Min(bytes, 1 << 16)];
        for (var left = bytes; left > 0;)
        {
            var n = file.Read(buffer, 0, (int)Math.Min(left, buffer.Length));
            if (n == 0) throw new EndOfStreamException("The Avro file ends inside a block.");
            left -= n;
        }
    }

    /// <summary>Writes every record of <paramref name="file"/> to <paramref name="output"/> as one JSON object per line.</summary>
    public static void ToJsonLines(Stream file, Stream output)
    {
        var header = ReadHeader(file);
        var schema = AvroSchema.Parse(header.Schema);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        while (ReadBlock(file, header) is { } block)
        {
            var reader = new AvroBinaryReader(block.Data, block.Length);
            for (var i = 0L; i < block.Count; i++)
            {
                AvroJsonValues.Write(json, schema, reader);
                json.Flush();
                output.WriteByte((byte)'\n');
                json.Reset(output);
            }
        }
    }

    private sealed record Header(string Schema, string Codec, byte[] Sync);

    private static Header ReadHeader(Stream file)
    {
        Span<byte> magic = stackalloc byte[4];
        file.ReadExactly(magic);
        if (!IsAvro(magic)) throw new InvalidDataException("Not an Avro container file: the magic bytes are missing.");
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var count = ReadLong(file); count != 0; count = ReadLong(file))
        {
            if (count < 0)
            {
                count = -count;
                ReadLong(file);
            }

            for (var i = 0; i < count; i++) metadata[Encoding.UTF8.GetString(ReadBytes(file))] = ReadBytes(file);
        }

        var sync = new byte[16];
        file.ReadExactly(sync);
        var schema = metadata.TryGetValue("avro.schema", out var s) ? Encoding.UTF8.GetString(s) : throw new InvalidDataException("The Avro file has no avro.schema.");
        var codec = metadata.TryGetValue("avro.codec", out var c) ? Encoding.UTF8.GetString(c) : "null";
        return codec is "null" or "deflate" or "snappy" or "bzip2" ? new Header(schema, codec, sync)
            : throw new InvalidDataException($"The Avro codec '{codec}' is not supported by Basin: null, deflate, snappy and bzip2 are.");
    }

    private sealed record Block(long Count, byte[] Data, int Length);

    private static Block? ReadBlock(Stream file, Header header)
    {
        if (!TryReadLong(file, out var count)) return null;
        var stored = ReadBytes(file);
        Span<byte> sync = stackalloc byte[16];
        file.ReadExactly(sync);
        if (!sync.SequenceEqual(header.Sync)) throw new InvalidDataException("An Avro block does not end with the file's sync marker.");
        return header.Codec switch
        {
            "null" => new Block(count, stored, stored.Length),
            "snappy" => Snappy(count, stored),
            _ => Inflated(count, header.Codec == "deflate" ? new DeflateStream(new MemoryStream(stored), CompressionMode.Decompress) : new Bzip2DecoderStream(new MemoryStream(stored))),
        };
    }

    private static Block Inflated(long count, Stream decoder)
    {
        using (decoder)
        {
            using var buffer = new MemoryStream();
            decoder.CopyTo(buffer);
            return new Block(count, buffer.GetBuffer(), (int)buffer.Length);
        }
    }

    /// <summary>A snappy block is followed by the big-endian CRC-32 of the uncompressed data.</summary>
    private static Block Snappy(long count, byte[] stored)
    {
        if (stored.Length < 4) throw new InvalidDataException("An Avro snappy block is too short.");
        var data = SnappyRawDecoder.Decompress(stored.AsSpan(0, stored.Length - 4));
        if (Basin.Storage.Checksums.Crc.Crc32(0, data) != BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(stored.Length - 4))) throw new InvalidDataException("An Avro snappy block fails its CRC-32.");
        return new Block(count, data, data.Length);
    }

    /// <summary>Writers keep blocks to a few megabytes (64 MiB at most); a far larger length is damage, refused before it is allocated.</summary>
    private const long MaxLength = 256L << 20;

    private static byte[] ReadBytes(Stream file)
    {
        var length = ReadLong(file);
        if (length is < 0 or > MaxLength) throw new InvalidDataException("An Avro length is out of range.");
        var bytes = new byte[length];
        file.ReadExactly(bytes);
        return bytes;
    }

    private static long ReadLong(Stream file) => TryReadLong(file, out var value) ? value : throw new EndOfStreamException("The Avro file ends early.");

    /// <summary>A zig-zag varint; false at a clean end of file.</summary>
    private static bool TryReadLong(Stream file, out long value)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = file.ReadByte();
            if (b < 0)
            {
                value = 0;
                return shift == 0 ? false : throw new EndOfStreamException("The Avro file ends inside a number.");
            }

            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        throw new InvalidDataException("An Avro varint is longer than ten bytes.");
    }
}
