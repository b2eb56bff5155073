using System.Security.Cryptography;

namespace Basin.Services.Firehose.Processing;

/// <summary>
/// Reads Kinesis Producer Library aggregated records: the magic bytes F3 89 9A C2, a protobuf
/// AggregatedRecord (field 1 partition key table, 2 explicit hash key table, 3 records, each
/// with its data in field 3), then the MD5 of the protobuf bytes. Firehose splits these into their
/// user records when it reads a Kinesis stream; anything that is not a well-formed aggregate
/// (wrong magic, bad digest, bad protobuf) is passed through as one record, as the KCL does.
/// </summary>
public static class KplAggregation
{
    private static ReadOnlySpan<byte> Magic => [0xF3, 0x89, 0x9A, 0xC2];

    public static IReadOnlyList<byte[]> Split(byte[] data)
    {
        if (data.Length < Magic.Length + 16 || !data.AsSpan(0, 4).SequenceEqual(Magic)) return [data];
        var body = data.AsSpan(4, data.Length - 4 - 16);
        if (!MD5.HashData(body).AsSpan().SequenceEqual(data.AsSpan(data.Length - 16))) return [data];
        try
        {
            var records = new List<byte[]>();
            var reader = new ProtobufReader(body);
            while (reader.Next(out var field, out var wireType))
            {
                if (field == 3 && wireType == 2) records.Add(UserData(reader.Bytes()));
                else reader.Skip(wireType);
            }

            return records;
        }
        catch (FormatException)
        {
            return [data];
        }
    }

    private static byte[] UserData(ReadOnlySpan<byte> record)
    {
        var reader = new ProtobufReader(record);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 3 && wireType == 2) return reader.Bytes().ToArray();
            reader.Skip(wireType);
        }

        return [];
    }

    /// <summary>Just enough protobuf: varints and length-delimited fields.</summary>
    private ref struct ProtobufReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public bool Next(out int field, out int wireType)
        {
            field = wireType = 0;
            if (_pos >= _data.Length) return false;
            var key = Varint();
            field = (int)(key >> 3);
            wireType = (int)(key & 7);
            return true;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = (int)Varint();
            if (length < 0 || _pos + length > _data.Length) throw new FormatException("truncated field");
            var bytes = _data.Slice(_pos, length);
            _pos += length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: Varint(); break;
                case 1: _pos += 8; break;
                case 2: Bytes(); break;
                case 5: _pos += 4; break;
                default: throw new FormatException("unsupported wire type");
            }

            if (_pos > _data.Length) throw new FormatException("truncated field");
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= _data.Length) throw new FormatException("truncated varint");
                var b = _data[_pos++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }

            throw new FormatException("varint too long");
        }
    }
}
