using System.Globalization;
using System.Text.Json;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// The JsonPath subset Glue's JSON classifiers use to point at records: <c>$</c>, member access
/// (<c>.name</c>, <c>['name']</c>), array indexes (<c>[0]</c>) and the wildcard (<c>[*]</c>, <c>.*</c>).
/// </summary>
public sealed class JsonPathSelector
{
    private readonly List<string?> _steps; // a member name, "#n" for an index, null for a wildcard

    private JsonPathSelector(string expression, List<string?> steps)
    {
        Expression = expression;
        _steps = steps;
    }

    public string Expression { get; }

    public static bool TryParse(string expression, out JsonPathSelector? selector)
    {
        selector = null;
        if (!expression.StartsWith('$')) return false;
        var steps = new List<string?>();
        var i = 1;
        while (i < expression.Length)
        {
            if (expression[i] == '.')
            {
                var end = i + 1;
                while (end < expression.Length && expression[end] is not '.' and not '[') end++;
                var name = expression[(i + 1)..end];
                if (name.Length == 0) return false;
                steps.Add(name == "*" ? null : name);
                i = end;
            }
            else if (expression[i] == '[')
            {
                var end = expression.IndexOf(']', i);
                if (end < 0) return false;
                var inner = expression[(i + 1)..end];
                if (inner == "*") steps.Add(null);
                else if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0]) steps.Add(inner[1..^1]);
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) steps.Add("#" + index.ToString(CultureInfo.InvariantCulture));
                else return false;
                i = end + 1;
            }
            else
            {
                return false;
            }
        }

        selector = new JsonPathSelector(expression, steps);
        return true;
    }

    public List<JsonElement> Select(JsonElement root)
    {
        var current = new List<JsonElement> { root };
        foreach (var step in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                if (step is null)
                {
                    if (element.ValueKind == JsonValueKind.Array) next.AddRange(element.EnumerateArray());
                    else if (element.ValueKind == JsonValueKind.Object) next.AddRange(element.EnumerateObject().Select(p => p.Value));
                }
                else if (step.StartsWith('#') && element.ValueKind == JsonValueKind.Array)
                {
                    var index = int.Parse(step.AsSpan(1), CultureInfo.InvariantCulture);
                    if (index < element.GetArrayLength()) next.Add(element[index]);
                }
                else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step, out var member))
                {
                    next.Add(member);
                }
            }

            current = next;
        }

        return current;
    }
}
