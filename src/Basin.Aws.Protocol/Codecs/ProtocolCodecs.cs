namespace Basin.Aws.Protocol.Codecs;

/// <summary>The codec for each protocol name used in the API models.</summary>
public static class ProtocolCodecs
{
    private static readonly Dictionary<string, IProtocolCodec> ByName = new(StringComparer.Ordinal)
    {
        ["rest-xml"] = new RestXmlCodec(),
        ["rest-json"] = new RestJsonCodec(),
        ["json"] = new JsonCodec(),
        ["query"] = new QueryCodec(),
    };

    public static IProtocolCodec For(string protocol) =>
        ByName.TryGetValue(protocol, out var codec) ? codec : throw new NotSupportedException($"Protocol '{protocol}' has no codec.");
}
