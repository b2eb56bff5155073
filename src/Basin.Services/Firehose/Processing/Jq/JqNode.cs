using System.Text.Json.Nodes;

namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>
/// One node of a parsed JQ query. Basin runs the single-valued part of JQ that Firehose
/// metadata extraction queries use (paths, object construction, pipes, alternatives,
/// arithmetic, string and time functions); generators like <c>.[]</c> are refused at parse time.
/// </summary>
public abstract record JqNode
{
    public abstract JsonNode? Eval(JsonNode? input);
}

public sealed record JqIdentity : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => input;
}

public sealed record JqLiteral(JsonNode? Value) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => Value?.DeepClone();
}

/// <summary><c>target.name</c> or <c>target["name"]</c>: null on null, an error on a non-object.</summary>
public sealed record JqField(JqNode Target, string Name) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => Target.Eval(input) switch
    {
        null => null,
        JsonObject o => o[Name],
        var other => throw new JqException($"Cannot index {JqValues.TypeName(other)} with \"{Name}\""),
    };
}

/// <summary><c>target[index]</c> for arrays (negative counts from the end) and <c>target[expr]</c> with a string key.</summary>
public sealed record JqIndex(JqNode Target, JqNode Index) : JqNode
{
    public override JsonNode? Eval(JsonNode? input)
    {
        var target = Target.Eval(input);
        var index = Index.Eval(input);
        return (target, index) switch
        {
            (null, _) => null,
            (JsonObject o, JsonValue k) when k.TryGetValue<string>(out var key) => o[key],
            (JsonArray a, JsonValue n) when JqValues.TryNumber(n, out var d) => (int)Math.Floor(d) is var i && (i < 0 ? i + a.Count : i) is var j && j >= 0 && j < a.Count ? a[j] : null,
            _ => throw new JqException($"Cannot index {JqValues.TypeName(target)} with {JqValues.TypeName(index)}"),
        };
    }
}

/// <summary><c>target[from:to]</c> on strings and arrays.</summary>
public sealed record JqSlice(JqNode Target, JqNode? From, JqNode? To) : JqNode
{
    public override JsonNode? Eval(JsonNode? input)
    {
        var target = Target.Eval(input);
        if (target is null) return null;
        var length = target switch
        {
            JsonArray a => a.Count,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length,
            _ => throw new JqException($"Cannot index {JqValues.TypeName(target)} with object"),
        };
        var from = Bound(From?.Eval(input), 0, length);
        var to = Math.Max(from, Bound(To?.Eval(input), length, length));
        return target is JsonArray array
            ? new JsonArray([.. array.Skip(from).Take(to - from).Select(n => n?.DeepClone())])
            : JsonValue.Create(((string)target!)[from..to]);
    }

    private static int Bound(JsonNode? value, int fallback, int length)
    {
        if (value is null) return fallback;
        var n = (int)Math.Floor(JqValues.Number(value));
        if (n < 0) n += length;
        return Math.Clamp(n, 0, length);
    }
}

public sealed record JqPipe(JqNode Left, JqNode Right) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => Right.Eval(Left.Eval(input));
}

/// <summary><c>a // b</c>: a unless it is null or false.</summary>
public sealed record JqAlternative(JqNode Left, JqNode Right) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => Left.Eval(input) is { } v && !JqValues.IsFalse(v) ? v : Right.Eval(input);
}

public sealed record JqObject(IReadOnlyList<(JqNode Key, JqNode Value)> Fields) : JqNode
{
    public override JsonNode? Eval(JsonNode? input)
    {
        var result = new JsonObject();
        foreach (var (key, value) in Fields)
        {
            var name = key.Eval(input) is JsonValue k && k.TryGetValue<string>(out var s) ? s : throw new JqException("Object keys must be strings");
            result[name] = value.Eval(input)?.DeepClone();
        }

        return result;
    }
}

public sealed record JqArray(IReadOnlyList<JqNode> Items) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => new JsonArray([.. Items.Select(i => i.Eval(input)?.DeepClone())]);
}

public sealed record JqBinary(char Operator, JqNode Left, JqNode Right) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => JqValues.Arithmetic(Operator, Left.Eval(input), Right.Eval(input));
}

public sealed record JqComparison(string Operator, JqNode Left, JqNode Right) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => JsonValue.Create(JqValues.Compare(Operator, Left.Eval(input), Right.Eval(input)));
}

public sealed record JqCall(string Name, IReadOnlyList<JqNode> Arguments) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => JqFunctions.Call(Name, input, [.. Arguments.Select(a => a.Eval(input))]);
}

/// <summary><c>now</c>: seconds since the epoch on the stream's clock (injected, so tests control it).</summary>
public sealed record JqNow(TimeProvider Time) : JqNode
{
    public override JsonNode? Eval(JsonNode? input) => JqValues.NumberNode(Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
}
