using System.Buffers.Binary;
using System.IO.Compression;
using Basin.Storage.Checksums;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Firehose's CompressionFormat for objects: GZIP, ZIP (one entry), Snappy (the framing format,
/// as the "Snappy" setting writes) and HADOOP_SNAPPY (Hadoop's block format, readable by Hadoop,
/// Spark and Athena), each with the file extension Firehose gives it.
/// </summary>
public static class ObjectCompression
{
    private const int HadoopBlock = 256 * 1024;

    public static string Extension(string compression) => compression switch
    {
        "GZIP" => ".gz",
        "ZIP" => ".zip",
        "Snappy" => ".snappy",
        "HADOOP_SNAPPY" => ".hsnappy",
        _ => "",
    };

    /// <summary>The bytes compressed as <paramref name="compression"/> names (UNCOMPRESSED: the same bytes).</summary>
    public static byte[] Compress(string compression, byte[] data, string entryName)
    {
        if (compression == "UNCOMPRESSED") return data;
        using var compressed = new MemoryStream();
        Write(compression, data, compressed, entryName);
        return compressed.ToArray();
    }

    /// <summary>Writes <paramref name="data"/> compressed into <paramref name="output"/>; <paramref name="entryName"/> names a ZIP's one entry.</summary>
    public static void Write(string compression, ReadOnlySpan<byte> data, Stream output, string entryName)
    {
        switch (compression)
        {
            case "GZIP":
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
                break;
            case "ZIP":
                using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                using (var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open())
                    entry.Write(data);
                break;
            case "Snappy":
                WriteSnappyFramed(data, output);
                break;
            case "HADOOP_SNAPPY":
                WriteHadoopSnappy(data, output);
                break;
            default:
                output.Write(data);
                break;
        }
    }

    /// <summary>Stream identifier, then one compressed chunk per 64 KiB with the masked CRC-32C of its uncompressed bytes.</summary>
    private static void WriteSnappyFramed(ReadOnlySpan<byte> data, Stream output)
    {
        output.Write([0xFF, 0x06, 0x00, 0x00, .. "sNaPpY"u8]);
        using var block = new MemoryStream();
        for (var at = 0; at < data.Length; at += SnappyBlock.MaxInput)
        {
            var chunk = data.Slice(at, Math.Min(SnappyBlock.MaxInput, data.Length - at));
            block.SetLength(0);
            SnappyBlock.Compress(chunk, block);
            var length = (int)block.Length + 4;
            Span<byte> header = [0x00, (byte)length, (byte)(length >> 8), (byte)(length >> 16), 0, 0, 0, 0];
            var crc = Crc.Crc32C(0, chunk);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], ((crc >> 15) | (crc << 17)) + 0xA282EAD8);
            output.Write(header);
            block.WriteTo(output);
        }
    }

    /// <summary>Hadoop's BlockCompressorStream: per block, its uncompressed length, then length-prefixed Snappy chunks.</summary>
    private static void WriteHadoopSnappy(ReadOnlySpan<byte> data, Stream output)
    {
        using var chunkBytes = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        for (var at = 0; at < data.Length; at += HadoopBlock)
        {
            var block = data.Slice(at, Math.Min(HadoopBlock, data.Length - at));
            BinaryPrimitives.WriteInt32BigEndian(length, block.Length);
            output.Write(length);
            for (var c = 0; c < block.Length; c += SnappyBlock.MaxInput)
            {
                chunkBytes.SetLength(0);
                SnappyBlock.Compress(block.Slice(c, Math.Min(SnappyBlock.MaxInput, block.Length - c)), chunkBytes);
                BinaryPrimitives.WriteInt32BigEndian(length, (int)chunkBytes.Length);
                output.Write(length);
                chunkBytes.WriteTo(output);
            }
        }
    }
}
