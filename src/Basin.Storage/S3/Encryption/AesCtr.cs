using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Basin.Storage.S3.Encryption;

/// <summary>
/// AES-256 in counter mode over one data file: counter block i is <c>nonce ‖ i</c> (big-endian),
/// so any byte range decrypts on its own (Range GETs, part reads) without reading what precedes
/// it. On x86 with AES-NI the blocks are encrypted by <see cref="AesNiCtr"/>; elsewhere the
/// keystream is made a chunk of blocks at a time with one library ECB call. Not thread-safe: one
/// instance per stream.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    private const int BlockSize = 16;
    private const int ChunkBlocks = 4096;
    private readonly AesNiCtr? _native;
    private readonly Aes? _aes;
    private readonly ulong _nonce;
    private readonly byte[] _counters = [];
    private readonly byte[] _keystream = [];

    public AesCtr(byte[] key, ulong nonce, bool allowNative = true)
    {
        _nonce = nonce;
        if (allowNative && AesNiCtr.IsSupported)
        {
            _native = new AesNiCtr(key, nonce);
            return;
        }

        _aes = Aes.Create();
        _aes.Key = key;
        _counters = new byte[ChunkBlocks * BlockSize];
        _keystream = new byte[ChunkBlocks * BlockSize];
    }

    /// <summary>Encrypts or decrypts (the same XOR) <paramref name="data"/>, which sits at <paramref name="position"/> of the plaintext.</summary>
    public void Apply(Span<byte> data, long position)
    {
        if (_native is not null)
        {
            _native.Apply(data, position);
            return;
        }

        while (data.Length > 0)
        {
            var first = (ulong)(position / BlockSize);
            var skip = (int)(position % BlockSize);
            var blocks = (int)Math.Min(ChunkBlocks, (skip + (long)data.Length + BlockSize - 1) / BlockSize);
            for (var i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(_counters.AsSpan(i * BlockSize), _nonce);
                BinaryPrimitives.WriteUInt64BigEndian(_counters.AsSpan((i * BlockSize) + 8), first + (ulong)i);
            }

            _aes!.EncryptEcb(_counters.AsSpan(0, blocks * BlockSize), _keystream, PaddingMode.None);
            var n = Math.Min(data.Length, (blocks * BlockSize) - skip);
            Xor(data[..n], _keystream.AsSpan(skip, n));
            data = data[n..];
            position += n;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var wide = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var keys = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
            for (var v = 0; v < wide.Length; v++) wide[v] ^= keys[v];
            i = wide.Length * Vector<byte>.Count;
        }

        for (; i < data.Length; i++) data[i] ^= keystream[i];
    }

    public void Dispose() => _aes?.Dispose();
}
