using System.Text;
using Basin.Services.Lake;

namespace Basin.Tests.Unit;

/// <summary>The managed bzip2 decoder against files written by Python's bz2 (libbzip2).</summary>
public sealed class Bzip2DecoderStreamTests
{
    private static byte[] Decode(byte[] compressed)
    {
        using var decoder = new Bzip2DecoderStream(new MemoryStream(compressed));
        using var plain = new MemoryStream();
        decoder.CopyTo(plain, 4096);
        return plain.ToArray();
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bzip2", name));

    [Fact]
    public void Several_blocks_decode_to_the_original()
    {
        var expected = string.Concat(Enumerable.Range(0, 20000).Select(i => $"{i},{i * 7919 % 10007},name{i % 97}\n"));
        Assert.Equal(expected, Encoding.ASCII.GetString(Decode(Fixture("multi-block.bz2"))));
    }

    [Fact]
    public void Runs_of_every_length_and_every_byte_value()
    {
        var expected = new List<byte>();
        expected.AddRange(Enumerable.Repeat((byte)'a', 1000));
        expected.AddRange("bbbccccddddd"u8.ToArray());
        for (var i = 0; i < 10; i++) expected.AddRange(Enumerable.Range(0, 256).Select(b => (byte)b));
        expected.AddRange(Enumerable.Repeat((byte)'\n', 300));
        Assert.Equal(expected, Decode(Fixture("runs.bz2")));
    }

    [Fact]
    public void Concatenated_and_empty_streams()
    {
        Assert.Equal("first\nsecond\n", Encoding.ASCII.GetString(Decode(Fixture("concatenated.bz2"))));
        Assert.Empty(Decode(Fixture("empty.bz2")));
    }

    [Fact]
    public void Corruption_is_invalid_data_not_garbage()
    {
        var bytes = Fixture("multi-block.bz2");
        bytes[bytes.Length / 2] ^= 0x10;
        Assert.Throws<InvalidDataException>(() => Decode(bytes));
        Assert.Throws<InvalidDataException>(() => Decode(bytes[..(bytes.Length / 3)]));
        Assert.Throws<InvalidDataException>(() => Decode("BZh9 not really"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => Decode([]));
    }
}
