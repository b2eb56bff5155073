using System.Text.Json;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// The JSON line Firehose writes to an error prefix for each failed record: attempts, arrival
/// and failure times, the error code and message, and the original record base64-encoded in
/// rawData, so the record can be replayed.
/// </summary>
public static class ErrorRecords
{
    public static byte[] Lines(IEnumerable<BufferedRecord> records, long nowMs)
    {
        using var output = new MemoryStream();
        foreach (var record in records)
        {
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteNumber("attemptsMade", record.Failure?.Attempts ?? 1);
                json.WriteNumber("arrivalTimestamp", record.ArrivalMs);
                json.WriteString("errorCode", record.Failure?.ErrorCode);
                json.WriteString("errorMessage", record.Failure?.ErrorMessage);
                json.WriteNumber("attemptEndingTimestamp", nowMs);
                json.WriteString("rawData", Convert.ToBase64String(record.Data));
                json.WriteEndObject();
            }

            output.Write("\n"u8);
        }

        return output.ToArray();
    }
}
