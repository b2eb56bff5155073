namespace Basin.Services.Lake;

/// <summary>
/// A read-only stream that decompresses bzip2 (.NET has no bzip2 codec). Blocks are decoded one
/// at a time: Huffman-coded MTF symbols with their zero runs, the Burrows–Wheeler transform
/// undone, then the initial run-length coding expanded as bytes are read. Each block's CRC and
/// each stream's combined CRC are checked; concatenated streams (as pbzip2 writes) are read on.
/// Corrupt input throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class Bzip2DecoderStream(Stream compressed, bool leaveOpen = false) : ForwardOnlyStream
{
    private const ulong BlockMagic = 0x314159265359;
    private const ulong EndMagic = 0x177245385090;
    private const int MaxGroups = 6;
    private const int GroupSize = 50;
    private const int MaxAlphabet = 258;
    private const int MaxCodeLength = 20;

    private readonly BitReader _bits = new(compressed);
    private int _blockSizeMax;
    private bool _streamStarted;
    private bool _finished;
    private uint _combinedCrc;
    private uint _expectedCombinedCrc;

    // The current block after the BWT is undone, and the state of expanding its runs.
    private byte[] _block = [];
    private int _blockLength;
    private int _blockPosition;
    private uint _expectedBlockCrc;
    private uint _blockCrc;
    private int _runLength;
    private int _lastByte = -1;
    private int _repeat;

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_repeat > 0)
            {
                Emit(buffer, ref written, (byte)_lastByte);
                _repeat--;
                continue;
            }

            if (_blockPosition == _blockLength)
            {
                if (!NextBlock()) break;
                continue;
            }

            var b = _block[_blockPosition++];
            if (_runLength == 4)
            {
                // After four equal bytes comes a count of how many more follow.
                _repeat = b;
                _runLength = 0;
                continue;
            }

            _runLength = b == _lastByte ? _runLength + 1 : 1;
            _lastByte = b;
            Emit(buffer, ref written, b);
        }

        return written;
    }

    private void Emit(Span<byte> buffer, ref int written, byte b)
    {
        buffer[written++] = b;
        _blockCrc = (_blockCrc << 8) ^ Crc32Table[(int)((_blockCrc >> 24) ^ b)];
    }

    /// <summary>Checks the block just read out and decodes the next; false at the end of the last stream.</summary>
    private bool NextBlock()
    {
        if (_finished) return false;
        if (_streamStarted && _blockLength > 0)
        {
            var crc = ~_blockCrc;
            if (crc != _expectedBlockCrc) throw new InvalidDataException("bzip2 block CRC mismatch: the data is corrupt");
            _combinedCrc = ((_combinedCrc << 1) | (_combinedCrc >> 31)) ^ crc;
        }

        _blockLength = _blockPosition = 0;
        while (true)
        {
            if (!_streamStarted && !StartStream()) return false;
            var magic = _bits.Read(48);
            if (magic == BlockMagic) break;
            if (magic != EndMagic) throw new InvalidDataException("bzip2 block header not found: the data is corrupt");
            _expectedCombinedCrc = (uint)_bits.Read(32);
            if (_expectedCombinedCrc != _combinedCrc) throw new InvalidDataException("bzip2 stream CRC mismatch: the data is corrupt");
            _bits.AlignToByte();
            _streamStarted = false; // another stream may follow
        }

        _expectedBlockCrc = (uint)_bits.Read(32);
        _blockCrc = uint.MaxValue;
        (_runLength, _lastByte, _repeat) = (0, -1, 0);
        DecodeBlock();
        return true;
    }

    /// <summary>Reads "BZh" and the block-size digit; false when the input ends instead (after at least one stream).</summary>
    private bool StartStream()
    {
        var first = _bits.TryReadByte();
        if (first < 0)
        {
            if (_blockSizeMax == 0) throw new InvalidDataException("empty input is not bzip2");
            _finished = true;
            return false;
        }

        if (first != 'B' || _bits.Read(8) != 'Z' || _bits.Read(8) != 'h') throw new InvalidDataException("not a bzip2 stream (no BZh signature)");
        var level = (int)_bits.Read(8) - '0';
        if (level is < 1 or > 9) throw new InvalidDataException("bad bzip2 block size");
        _blockSizeMax = level * 100_000;
        if (_block.Length < _blockSizeMax) _block = new byte[_blockSizeMax];
        (_streamStarted, _combinedCrc) = (true, 0);
        return true;
    }

    private void DecodeBlock()
    {
        if (_bits.Read(1) != 0) throw new InvalidDataException("randomised bzip2 blocks (bzip2 0.9.0) are not supported");
        var origin = (int)_bits.Read(24);

        // The byte values the block uses, as a two-level bitmap.
        var used = new byte[256];
        var inUse = 0;
        var ranges = (int)_bits.Read(16);
        for (var i = 0; i < 16; i++)
        {
            if ((ranges & (0x8000 >> i)) == 0) continue;
            var bits = (int)_bits.Read(16);
            for (var j = 0; j < 16; j++)
                if ((bits & (0x8000 >> j)) != 0) used[inUse++] = (byte)((i * 16) + j);
        }

        if (inUse == 0) throw new InvalidDataException("bzip2 block uses no symbols");
        var alphabet = inUse + 2;
        var groups = (int)_bits.Read(3);
        var selectorCount = (int)_bits.Read(15);
        if (groups is < 2 or > MaxGroups || selectorCount < 1) throw new InvalidDataException("bad bzip2 Huffman group header");

        // Selectors: which Huffman table each run of 50 symbols uses, move-to-front coded.
        var selectors = new byte[selectorCount];
        Span<byte> order = stackalloc byte[MaxGroups];
        for (var i = 0; i < groups; i++) order[i] = (byte)i;
        for (var i = 0; i < selectorCount; i++)
        {
            var j = 0;
            while (_bits.Read(1) == 1)
                if (++j >= groups) throw new InvalidDataException("bad bzip2 selector");
            var value = order[j];
            for (; j > 0; j--) order[j] = order[j - 1];
            selectors[i] = order[0] = value;
        }

        var tables = new HuffmanTable[groups];
        var lengths = new byte[alphabet];
        for (var t = 0; t < groups; t++)
        {
            var length = (int)_bits.Read(5);
            for (var s = 0; s < alphabet; s++)
            {
                while (true)
                {
                    if (length is < 1 or > MaxCodeLength) throw new InvalidDataException("bad bzip2 code length");
                    if (_bits.Read(1) == 0) break;
                    length += _bits.Read(1) == 0 ? 1 : -1;
                }

                lengths[s] = (byte)length;
            }

            tables[t] = new HuffmanTable(lengths);
        }

        _blockLength = DecodeSymbols(selectors, tables, used, inUse, alphabet);
        if (origin >= _blockLength) throw new InvalidDataException("bad bzip2 BWT origin");
        UndoBurrowsWheeler(origin);
    }

    /// <summary>Huffman symbols → zero runs (RUNA/RUNB) and move-to-front indexes → the BWT's last column, into _block.</summary>
    private int DecodeSymbols(byte[] selectors, HuffmanTable[] tables, byte[] used, int inUse, int alphabet)
    {
        var endOfBlock = alphabet - 1;
        Span<byte> mtf = stackalloc byte[256];
        for (var i = 0; i < inUse; i++) mtf[i] = (byte)i;
        var length = 0;
        var group = -1;
        var left = 0;
        var run = 0;
        var runWeight = 1;
        HuffmanTable table = null!;
        while (true)
        {
            if (left == 0)
            {
                if (++group >= selectors.Length) throw new InvalidDataException("bzip2 block overruns its selectors");
                table = tables[selectors[group]];
                left = GroupSize;
            }

            left--;
            var symbol = table.Decode(_bits);
            if (symbol <= 1)
            {
                // RUNA (0) and RUNB (1) write the run length of the front symbol in bijective base 2.
                run += (symbol + 1) * runWeight;
                runWeight <<= 1;
                if (run > _blockSizeMax) throw new InvalidDataException("bzip2 run exceeds the block size");
                continue;
            }

            if (run > 0)
            {
                if (length + run > _blockSizeMax) throw new InvalidDataException("bzip2 block exceeds its size");
                _block.AsSpan(length, run).Fill(used[mtf[0]]);
                length += run;
                (run, runWeight) = (0, 1);
            }

            if (symbol == endOfBlock) return length;
            if (length >= _blockSizeMax) throw new InvalidDataException("bzip2 block exceeds its size");
            var index = symbol - 1;
            var value = mtf[index];
            mtf[..index].CopyTo(mtf[1..]);
            mtf[0] = value;
            _block[length++] = used[value];
        }
    }

    /// <summary>Rebuilds the block's text from the BWT's last column and the origin row.</summary>
    private void UndoBurrowsWheeler(int origin)
    {
        var n = _blockLength;
        Span<int> counts = stackalloc int[256];
        for (var i = 0; i < n; i++) counts[_block[i]]++;
        var sum = 0;
        for (var i = 0; i < 256; i++) (counts[i], sum) = (sum, sum + counts[i]);
        var next = new int[n];
        for (var i = 0; i < n; i++) next[counts[_block[i]]++] = i;
        var text = new byte[n];
        var position = next[origin];
        for (var i = 0; i < n; i++)
        {
            text[i] = _block[position];
            position = next[position];
        }

        text.CopyTo(_block, 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) compressed.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>CRC-32 with bzip2's bit order (most significant bit first, polynomial 0x04C11DB7).</summary>
    private static readonly uint[] Crc32Table = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i << 24;
            for (var k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            table[i] = c;
        }

        return table;
    }

    /// <summary>A canonical Huffman code: for each length, the largest code and where its symbols start.</summary>
    private sealed class HuffmanTable
    {
        private readonly int[] _limit = new int[MaxCodeLength + 2];
        private readonly int[] _base = new int[MaxCodeLength + 2];
        private readonly int[] _symbols;
        private readonly int _minLength;
        private readonly int _maxLength;

        public HuffmanTable(byte[] lengths)
        {
            _symbols = new int[lengths.Length];
            _minLength = lengths.Min();
            _maxLength = lengths.Max();
            var index = 0;
            for (var length = _minLength; length <= _maxLength; length++)
                for (var s = 0; s < lengths.Length; s++)
                    if (lengths[s] == length) _symbols[index++] = s;

            var code = 0;
            index = 0;
            for (var length = _minLength; length <= _maxLength; length++)
            {
                var count = lengths.Count(l => l == length);
                _base[length] = index - code; // symbol index = code + base
                code += count;
                index += count;
                _limit[length] = code - 1;
                code <<= 1;
            }
        }

        public int Decode(BitReader bits)
        {
            var length = _minLength;
            var code = (int)bits.Read(length);
            while (code > _limit[length])
            {
                if (++length > _maxLength) throw new InvalidDataException("bad bzip2 Huffman code");
                code = (code << 1) | (int)bits.Read(1);
            }

            var index = code + _base[length];
            if ((uint)index >= (uint)_symbols.Length) throw new InvalidDataException("bad bzip2 Huffman code");
            return _symbols[index];
        }
    }

    /// <summary>Bits most significant first, as bzip2 writes them.</summary>
    private sealed class BitReader(Stream source)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _position;
        private int _length;
        private ulong _bits;
        private int _count;

        public ulong Read(int n)
        {
            while (_count < n)
            {
                var b = NextByte();
                if (b < 0) throw new InvalidDataException("bzip2 data ends early");
                _bits = (_bits << 8) | (uint)b;
                _count += 8;
            }

            _count -= n;
            return (_bits >> _count) & ((1UL << n) - 1);
        }

        /// <summary>The next whole byte, or -1 at the end of the input (only called on a byte boundary).</summary>
        public int TryReadByte() => _count >= 8 ? (int)Read(8) : NextByte();

        public void AlignToByte() => _count -= _count % 8;

        private int NextByte()
        {
            if (_position == _length)
            {
                _length = source.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0) return -1;
            }

            return _buffer[_position++];
        }
    }
}
