namespace Basin.Aws.Model;

/// <summary>
/// Implemented by generated shapes whose payload is a streaming blob (S3 object bodies):
/// the protocol layer hands the body over as a stream instead of buffering it into a document.
/// </summary>
public interface IStreamingPayload
{
    Stream? PayloadStream { get; set; }
}
