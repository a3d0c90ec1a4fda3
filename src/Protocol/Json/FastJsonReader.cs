using System.Globalization;
using System.Text;

namespace EventBroker.Protocol.Json;

/// <summary>
/// Parses the JSON dialect fastjson reads and writes: standard JSON plus unquoted keys (<c>{0:"a"}</c>,
/// <c>{name:1}</c>), keys that are objects (<c>{{"topic":"T"}:{...}}</c>), single-quoted strings, fastjson's
/// extra escapes (\v, \xHH, \0-\7), number suffixes (1L), and stray commas.
/// </summary>
public static class FastJsonReader
{
    /// <summary>Deeper input is rejected rather than risking the stack; protocol bodies nest 6 levels at most.</summary>
    public const int MaxDepth = 256;

    /// <exception cref="FormatException">Malformed JSON; the message gives the byte position and the reason.</exception>
    public static FastJsonNode Parse(ReadOnlySpan<byte> utf8)
    {
        var parser = new Parser(utf8);
        return parser.ParseDocument();
    }

    private ref struct Parser(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _text = text;
        private int _pos;
        private int _depth;
        private StringBuilder? _builder;

        public FastJsonNode ParseDocument()
        {
            if (_text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _pos = 3;
            }
            var root = ParseValue();
            SkipWhitespace();
            if (_pos < _text.Length)
            {
                throw Error("unexpected data after the JSON value");
            }
            return root;
        }

        private FastJsonNode ParseValue()
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of input");
            }
            var c = _text[_pos];
            switch (c)
            {
                case (byte)'{':
                    return ParseObject();
                case (byte)'[':
                    return ParseArray();
                case (byte)'"':
                case (byte)'\'':
                    return FastJsonNode.String(ParseString());
                case (byte)'-':
                case >= (byte)'0' and <= (byte)'9':
                    var start = _pos;
                    if (ParseNumber() is { } number)
                    {
                        return number;
                    }
                    _pos = start;
                    throw Error("invalid number");
            }
            if (IsIdentifierByte(c))
            {
                var wordStart = _pos;
                var word = ScanIdentifier();
                if (word.SequenceEqual("true"u8))
                {
                    return FastJsonNode.True;
                }
                if (word.SequenceEqual("false"u8))
                {
                    return FastJsonNode.False;
                }
                if (word.SequenceEqual("null"u8) || word.SequenceEqual("undefined"u8))
                {
                    return FastJsonNode.Null;
                }
                _pos = wordStart;
                throw Error($"unexpected word '{Encoding.UTF8.GetString(word)}'");
            }
            throw Error($"unexpected character '{(char)c}'");
        }

        private FastJsonNode ParseObject()
        {
            Enter();
            _pos++;
            var members = new List<FastJsonMember>();
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated object");
                }
                var c = _text[_pos];
                if (c == '}')
                {
                    _pos++;
                    break;
                }
                if (c == ',')
                {
                    // fastjson skips empty members ({,"a":1} and trailing commas).
                    _pos++;
                    continue;
                }
                var key = ParseKey();
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != ':')
                {
                    throw Error("expected ':' after an object key");
                }
                _pos++;
                members.Add(new FastJsonMember(key, ParseValue()));
                SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated object");
                }
                if (_text[_pos] == ',')
                {
                    _pos++;
                }
                else if (_text[_pos] != '}')
                {
                    throw Error("expected ',' or '}' in an object");
                }
            }
            _depth--;
            return FastJsonNode.Object([.. members]);
        }

        private FastJsonNode ParseArray()
        {
            Enter();
            _pos++;
            var items = new List<FastJsonNode>();
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated array");
                }
                if (_text[_pos] == ']')
                {
                    _pos++;
                    break;
                }
                items.Add(ParseValue());
                SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated array");
                }
                if (_text[_pos] == ',')
                {
                    _pos++;
                }
                else if (_text[_pos] != ']')
                {
                    throw Error("expected ',' or ']' in an array");
                }
            }
            _depth--;
            return FastJsonNode.Array([.. items]);
        }

        private FastJsonNode ParseKey()
        {
            var c = _text[_pos];
            switch (c)
            {
                case (byte)'"':
                case (byte)'\'':
                    return FastJsonNode.String(ParseString());
                case (byte)'{':
                    return ParseObject();
                case (byte)'[':
                    return ParseArray();
            }
            var start = _pos;
            if (c == '-' || (c >= '0' && c <= '9'))
            {
                var number = ParseNumber();
                SkipWhitespace();
                if (number is not null && _pos < _text.Length && _text[_pos] == ':')
                {
                    return number;
                }
                // Not a number after all (e.g. 1abc): read it again as an identifier.
                _pos = start;
            }
            var word = ScanIdentifier();
            if (word.IsEmpty)
            {
                throw Error("expected an object key");
            }
            return FastJsonNode.String(Encoding.UTF8.GetString(word));
        }

        /// <summary>-?digits(.digits)?([eE][+-]?digits)? and an ignored Java type suffix; null if malformed.</summary>
        private FastJsonNode? ParseNumber()
        {
            var start = _pos;
            if (_text[_pos] == '-')
            {
                _pos++;
            }
            if (SkipDigits() == 0)
            {
                return null;
            }
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (SkipDigits() == 0)
                {
                    return null;
                }
            }
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
                {
                    _pos++;
                }
                if (SkipDigits() == 0)
                {
                    return null;
                }
            }
            var numberText = Encoding.ASCII.GetString(_text[start.._pos]);
            if (_pos < _text.Length && "LSBFD"u8.Contains(_text[_pos]))
            {
                _pos++;
            }
            return FastJsonNode.Number(numberText);
        }

        private int SkipDigits()
        {
            var start = _pos;
            while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9')
            {
                _pos++;
            }
            return _pos - start;
        }

        private string ParseString()
        {
            var quote = _text[_pos];
            var start = ++_pos;
            var rest = _text[start..];
            var end = rest.IndexOfAny(quote, (byte)'\\');
            if (end < 0)
            {
                throw Error("unterminated string");
            }
            if (rest[end] == quote)
            {
                _pos = start + end + 1;
                return Encoding.UTF8.GetString(rest[..end]);
            }
            return ParseEscapedString(quote, start);
        }

        private string ParseEscapedString(byte quote, int start)
        {
            var builder = _builder ??= new StringBuilder();
            builder.Clear();
            _pos = start;
            while (true)
            {
                var rest = _text[_pos..];
                var next = rest.IndexOfAny(quote, (byte)'\\');
                if (next < 0)
                {
                    throw Error("unterminated string");
                }
                AppendUtf8(builder, rest[..next]);
                _pos += next;
                if (_text[_pos] == quote)
                {
                    _pos++;
                    return builder.ToString();
                }
                _pos++;
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }
                AppendEscape(builder);
            }
        }

        private void AppendEscape(StringBuilder builder)
        {
            var c = _text[_pos++];
            switch (c)
            {
                case (byte)'"': builder.Append('"'); break;
                case (byte)'\'': builder.Append('\''); break;
                case (byte)'\\': builder.Append('\\'); break;
                case (byte)'/': builder.Append('/'); break;
                case (byte)'b': builder.Append('\b'); break;
                case (byte)'f': case (byte)'F': builder.Append('\f'); break;
                case (byte)'n': builder.Append('\n'); break;
                case (byte)'r': builder.Append('\r'); break;
                case (byte)'t': builder.Append('\t'); break;
                case (byte)'v': builder.Append('\v'); break;
                case >= (byte)'0' and <= (byte)'7': builder.Append((char)(c - '0')); break;
                case (byte)'x': builder.Append((char)ParseHex(2)); break;
                case (byte)'u': builder.Append((char)ParseHex(4)); break;
                default:
                    _pos--;
                    throw Error($"invalid escape '\\{(char)c}'");
            }
        }

        private int ParseHex(int digits)
        {
            if (_pos + digits > _text.Length
                || !int.TryParse(_text.Slice(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw Error($"expected {digits} hex digits");
            }
            _pos += digits;
            return value;
        }

        private static void AppendUtf8(StringBuilder builder, ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty)
            {
                return;
            }
            Span<char> chars = utf8.Length <= 256 ? stackalloc char[utf8.Length] : new char[utf8.Length];
            var count = Encoding.UTF8.GetChars(utf8, chars);
            builder.Append(chars[..count]);
        }

        private ReadOnlySpan<byte> ScanIdentifier()
        {
            var start = _pos;
            while (_pos < _text.Length && IsIdentifierByte(_text[_pos]))
            {
                _pos++;
            }
            return _text[start.._pos];
        }

        // Letters, digits, _ $ - . and any non-ASCII (UTF-8) byte: what fastjson takes as an unquoted key.
        private static bool IsIdentifierByte(byte c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '$' || c == '-' || c == '.' || c >= 0x80;

        private void SkipWhitespace()
        {
            // fastjson also treats \f and \b as whitespace.
            while (_pos < _text.Length && _text[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\b')
            {
                _pos++;
            }
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth}");
            }
        }

        private readonly FormatException Error(string reason) => new($"Malformed JSON at byte {_pos}: {reason}.");
    }
}
