using System.Buffers.Binary;
using System.Text;
using Basin.Storage.Checksums;

namespace Basin.Aws.Protocol.EventStreams;

/// <summary>
/// One message of the AWS event-stream encoding (application/vnd.amazon.eventstream):
/// <c>[total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32]</c>,
/// big-endian; each header is <c>[name length u8][name][type u8 = 7 (string)][value length u16][value]</c>.
/// </summary>
public static class EventStreamMessage
{
    private const byte StringHeader = 7;

    public static byte[] Encode(IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> payload)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)n.Length);
            headerBytes.AddRange(n);
            headerBytes.Add(StringHeader);
            headerBytes.Add((byte)(v.Length >> 8));
            headerBytes.Add((byte)v.Length);
            headerBytes.AddRange(v);
        }

        var total = 12 + headerBytes.Count + payload.Length + 4;
        var message = new byte[total];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc.Crc32(0, span[..8]));
        headerBytes.CopyTo(message, 12);
        payload.CopyTo(span[(12 + headerBytes.Count)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(total - 4)..], Crc.Crc32(0, span[..(total - 4)]));
        return message;
    }
}
