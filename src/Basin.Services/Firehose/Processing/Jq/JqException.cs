namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>A JQ query Basin cannot parse or run (syntax, an unsupported feature, or a type error on a record).</summary>
public sealed class JqException(string message) : Exception(message);
