using Basin.Storage.Files;

namespace Basin.Storage.S3.Encryption;

/// <summary>A read-only window of an encrypted data file's plaintext; disposes the file with it.</summary>
internal sealed class DecryptingStream(FileStream file, byte[] dataKey, ulong nonce, long offset, long length)
    : RangeStream(file, EncryptedDataFile.HeaderSize + offset, offset, length)
{
    private readonly AesCtr _ctr = new(dataKey, nonce);

    protected override void OnRead(Span<byte> data, long position) => _ctr.Apply(data, position);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _ctr.Dispose();
        base.Dispose(disposing);
    }
}
