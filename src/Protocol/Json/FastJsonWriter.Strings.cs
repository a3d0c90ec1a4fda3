namespace EventBroker.Protocol.Json;

public sealed partial class FastJsonWriter
{
    // Room for the widest thing one loop step writes: a surrogate pair escaped as two \uXXXX (12 bytes).
    private const int StepReserve = 12;
    private const int ChunkSize = 512;

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    private void WriteQuoted(ReadOnlySpan<char> text)
    {
        var standard = StandardJson;
        var dest = _output.GetSpan(Math.Max(ChunkSize, StepReserve));
        var pos = 0;
        dest[pos++] = (byte)'"';
        for (var i = 0; i < text.Length; i++)
        {
            if (dest.Length - pos < StepReserve)
            {
                _output.Advance(pos);
                dest = _output.GetSpan(ChunkSize);
                pos = 0;
            }
            var c = text[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && !(standard && c == '/'))
            {
                dest[pos++] = (byte)c;
                continue;
            }
            pos += standard ? EscapeBrowserCompatible(c, dest[pos..]) : EncodeDefault(text, ref i, dest[pos..]);
        }
        if (dest.Length - pos < 1)
        {
            _output.Advance(pos);
            dest = _output.GetSpan(1);
            pos = 0;
        }
        dest[pos++] = (byte)'"';
        _output.Advance(pos);
    }

    /// <summary>
    /// fastjson's default escaping (SerializeWriter.writeStringWithDoubleQuote with IOUtils.specicalFlags_doubleQuotes):
    /// short escapes for \b \t \n \f \r \" \\, \u00XX for the other C0 controls and for U+007F..U+009F, and
    /// \u2028/\u2029; everything else is plain UTF-8, a lone surrogate becoming '?' as String.getBytes does.
    /// </summary>
    private static int EncodeDefault(ReadOnlySpan<char> text, ref int i, Span<byte> dest)
    {
        var c = text[i];
        switch (c)
        {
            case '"': return ShortEscape((byte)'"', dest);
            case '\\': return ShortEscape((byte)'\\', dest);
            case '\b': return ShortEscape((byte)'b', dest);
            case '\t': return ShortEscape((byte)'t', dest);
            case '\n': return ShortEscape((byte)'n', dest);
            case '\f': return ShortEscape((byte)'f', dest);
            case '\r': return ShortEscape((byte)'r', dest);
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == '\u2028' || c == '\u2029')
        {
            return UnicodeEscape(c, dest);
        }
        if (c < 0x800)
        {
            dest[0] = (byte)(0xC0 | (c >> 6));
            dest[1] = (byte)(0x80 | (c & 0x3F));
            return 2;
        }
        if (!char.IsSurrogate(c))
        {
            dest[0] = (byte)(0xE0 | (c >> 12));
            dest[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
            dest[2] = (byte)(0x80 | (c & 0x3F));
            return 3;
        }
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            var cp = char.ConvertToUtf32(c, text[++i]);
            dest[0] = (byte)(0xF0 | (cp >> 18));
            dest[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
            dest[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            dest[3] = (byte)(0x80 | (cp & 0x3F));
            return 4;
        }
        dest[0] = (byte)'?';
        return 1;
    }

    /// <summary>BrowserCompatible escaping: '/' too, and every char from U+007F up (surrogates one by one) as \uXXXX.</summary>
    private static int EscapeBrowserCompatible(char c, Span<byte> dest) => c switch
    {
        '"' or '/' or '\\' => ShortEscape((byte)c, dest),
        '\b' => ShortEscape((byte)'b', dest),
        '\t' => ShortEscape((byte)'t', dest),
        '\n' => ShortEscape((byte)'n', dest),
        '\f' => ShortEscape((byte)'f', dest),
        '\r' => ShortEscape((byte)'r', dest),
        _ => UnicodeEscape(c, dest),
    };

    private static int ShortEscape(byte c, Span<byte> dest)
    {
        dest[0] = (byte)'\\';
        dest[1] = c;
        return 2;
    }

    private static int UnicodeEscape(char c, Span<byte> dest)
    {
        dest[0] = (byte)'\\';
        dest[1] = (byte)'u';
        dest[2] = HexDigits[(c >> 12) & 0xF];
        dest[3] = HexDigits[(c >> 8) & 0xF];
        dest[4] = HexDigits[(c >> 4) & 0xF];
        dest[5] = HexDigits[c & 0xF];
        return 6;
    }
}
