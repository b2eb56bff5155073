using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>
/// Parses a JQ query into <see cref="JqNode"/>s. Precedence, lowest first: <c>|</c>, <c>,</c>
/// (object and array bodies only), <c>//</c>, comparisons, <c>+ -</c>, <c>* / %</c>, postfix
/// paths. Anything outside the supported subset is a <see cref="JqException"/> naming it.
/// </summary>
public sealed class JqParser
{
    private readonly string _text;
    private readonly TimeProvider _time;
    private int _pos;

    private JqParser(string text, TimeProvider time) => (_text, _time) = (text, time);

    /// <summary>Parses <paramref name="query"/>; <c>now</c> reads <paramref name="time"/> (the system clock if none is given).</summary>
    public static JqNode Parse(string query, TimeProvider? time = null)
    {
        var parser = new JqParser(query, time ?? TimeProvider.System);
        var node = parser.ParsePipe();
        parser.SkipSpace();
        if (parser._pos < query.Length) throw new JqException($"syntax error: unexpected '{query[parser._pos..]}'");
        return node;
    }

    private JqNode ParsePipe()
    {
        var left = ParseAlternative();
        while (Accept("|")) left = new JqPipe(left, ParseAlternative());
        return left;
    }

    private JqNode ParseAlternative()
    {
        var left = ParseComparison();
        while (Accept("//")) left = new JqAlternative(left, ParseComparison());
        return left;
    }

    private JqNode ParseComparison()
    {
        var left = ParseAdditive();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Accept(op)) return new JqComparison(op, left, ParseAdditive());
        }

        return left;
    }

    private JqNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            if (Peek("//")) return left;
            if (Accept("+")) left = new JqBinary('+', left, ParseMultiplicative());
            else if (Accept("-")) left = new JqBinary('-', left, ParseMultiplicative());
            else return left;
        }
    }

    private JqNode ParseMultiplicative()
    {
        var left = ParsePostfix();
        while (true)
        {
            if (Peek("//")) return left;
            if (Accept("*")) left = new JqBinary('*', left, ParsePostfix());
            else if (Accept("/")) left = new JqBinary('/', left, ParsePostfix());
            else if (Accept("%")) left = new JqBinary('%', left, ParsePostfix());
            else return left;
        }
    }

    private JqNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            SkipSpace();
            if (_pos + 1 < _text.Length && _text[_pos] == '.' && (char.IsLetter(_text[_pos + 1]) || _text[_pos + 1] is '_' or '"'))
            {
                _pos++;
                node = new JqField(node, FieldName());
            }
            else if (Peek(".["))
            {
                _pos++;
                node = Bracket(node);
            }
            else if (Peek("["))
            {
                node = Bracket(node);
            }
            else if (Accept("?"))
            {
                throw new JqException("the optional operator '?' is not supported by Basin's JQ");
            }
            else
            {
                return node;
            }
        }
    }

    private JqNode ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw new JqException("syntax error: unexpected end of query");
        var c = _text[_pos];
        if (c == '.')
        {
            if (Peek("..")) throw new JqException("recursive descent '..' is not supported by Basin's JQ");
            _pos++;
            if (_pos < _text.Length && (char.IsLetter(_text[_pos]) || _text[_pos] is '_' or '"')) return new JqField(new JqIdentity(), FieldName());
            if (Peek("[")) return Bracket(new JqIdentity());
            return new JqIdentity();
        }

        if (c == '"') return new JqLiteral(JsonValue.Create(StringLiteral()));
        if (char.IsAsciiDigit(c)) return new JqLiteral(JqValues.NumberNode(NumberLiteral()));
        if (c == '-' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            return new JqLiteral(JqValues.NumberNode(-NumberLiteral()));
        }

        if (Accept("("))
        {
            var inner = ParsePipe();
            Expect(")");
            return inner;
        }

        if (Accept("{")) return ObjectBody();
        if (Accept("["))
        {
            var items = new List<JqNode>();
            if (!Accept("]"))
            {
                do items.Add(ParseAlternative());
                while (Accept(","));
                Expect("]");
            }

            return new JqArray(items);
        }

        if (c == '$') throw new JqException("variables are not supported by Basin's JQ");
        if (char.IsLetter(c) || c == '_') return Word();
        throw new JqException($"syntax error: unexpected '{c}'");
    }

    private JqNode Word()
    {
        var name = Identifier();
        switch (name)
        {
            case "null": return new JqLiteral(null);
            case "true": return new JqLiteral(JsonValue.Create(true));
            case "false": return new JqLiteral(JsonValue.Create(false));
            case "if" or "reduce" or "foreach" or "def" or "try" or "as" or "and" or "or":
                throw new JqException($"'{name}' is not supported by Basin's JQ");
        }

        var args = new List<JqNode>();
        if (Accept("("))
        {
            do args.Add(ParsePipe());
            while (Accept(";"));
            Expect(")");
        }

        JqFunctions.Validate(name, args.Count);
        return name == "now" ? new JqNow(_time) : new JqCall(name, args);
    }

    private JqObject ObjectBody()
    {
        var fields = new List<(JqNode, JqNode)>();
        if (Accept("}")) return new JqObject(fields);
        do
        {
            SkipSpace();
            JqNode key;
            string? shorthand = null;
            if (Peek("\"")) key = new JqLiteral(JsonValue.Create(shorthand = StringLiteral()));
            else if (Accept("("))
            {
                key = ParsePipe();
                Expect(")");
            }
            else key = new JqLiteral(JsonValue.Create(shorthand = Identifier()));

            // {a} is {a: .a}, as in JQ.
            var value = Accept(":") ? ParsePipe()
                : shorthand is not null ? new JqField(new JqIdentity(), shorthand) : throw new JqException("syntax error: object key needs a value");
            fields.Add((key, value));
        }
        while (Accept(","));
        Expect("}");
        return new JqObject(fields);
    }

    /// <summary>After <c>[</c>: an index, a slice, or (refused) the iterator <c>[]</c>.</summary>
    private JqNode Bracket(JqNode target)
    {
        Expect("[");
        if (Accept("]")) throw new JqException("the iterator '.[]' is not supported by Basin's JQ: a partition key needs one value");
        JqNode? from = Peek(":") ? null : ParsePipe();
        if (Accept(":"))
        {
            JqNode? to = Peek("]") ? null : ParsePipe();
            Expect("]");
            return new JqSlice(target, from, to);
        }

        Expect("]");
        return new JqIndex(target, from!);
    }

    private string FieldName() => Peek("\"") ? StringLiteral() : Identifier();

    private string Identifier()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (start == _pos) throw new JqException($"syntax error at position {start}");
        return _text[start.._pos];
    }

    private string StringLiteral()
    {
        Expect("\"");
        var text = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            var c = _text[_pos++];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (_pos >= _text.Length) break;
            var e = _text[_pos++];
            text.Append(e switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                'u' when _pos + 4 <= _text.Length => ((char)int.Parse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString() is var u && (_pos += 4) > 0 ? u : "",
                '(' => throw new JqException("string interpolation \\( ) is not supported by Basin's JQ; use + and tostring"),
                _ => e.ToString(),
            });
        }

        Expect("\"");
        return text.ToString();
    }

    private double NumberLiteral()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E')) _pos++;
        return double.Parse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Peek(string token)
    {
        SkipSpace();
        return string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;
    }

    private bool Accept(string token)
    {
        if (!Peek(token)) return false;
        _pos += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token)) throw new JqException($"syntax error: expected '{token}' at position {_pos}");
    }
}
