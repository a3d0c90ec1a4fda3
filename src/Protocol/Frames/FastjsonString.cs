using System.Buffers;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// The body of a JSON string (without quotes) escaped as fastjson 1.2.69 does with RocketMQ's default features
/// (SerializeWriter.writeStringWithDoubleQuote and IOUtils.specicalFlags_doubleQuotes): '"' and '\' and
/// \b \t \n \f \r get short escapes; other C0 controls, DEL..U+009F and U+2028/U+2029 become \uXXXX with upper-case
/// hex; everything else, non-ASCII included, is written as raw UTF-8. '/' is not escaped.
/// </summary>
internal static class FastjsonString
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create(BuildEscapedSet());

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (true)
        {
            var next = text.IndexOfAny(Escaped);
            if (next < 0)
            {
                return count + JavaUtf8.Encoding.GetByteCount(text);
            }

            count += JavaUtf8.Encoding.GetByteCount(text[..next]) + EscapeLength(text[next]);
            text = text[(next + 1)..];
        }
    }

    /// <summary>Writes the escaped text; <paramref name="destination"/> must hold <see cref="GetByteCount"/> bytes.</summary>
    public static int Write(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var next = text.IndexOfAny(Escaped);
            if (next < 0)
            {
                return written + JavaUtf8.Encoding.GetBytes(text, destination[written..]);
            }

            written += JavaUtf8.Encoding.GetBytes(text[..next], destination[written..]);
            written += WriteEscape(text[next], destination[written..]);
            text = text[(next + 1)..];
        }
    }

    private static int EscapeLength(char c) => ShortEscape(c) != 0 ? 2 : 6;

    private static int WriteEscape(char c, Span<byte> destination)
    {
        var shortForm = ShortEscape(c);
        destination[0] = (byte)'\\';
        if (shortForm != 0)
        {
            destination[1] = shortForm;
            return 2;
        }

        destination[1] = (byte)'u';
        destination[2] = HexDigits[(c >> 12) & 0xF];
        destination[3] = HexDigits[(c >> 8) & 0xF];
        destination[4] = HexDigits[(c >> 4) & 0xF];
        destination[5] = HexDigits[c & 0xF];
        return 6;
    }

    private static byte ShortEscape(char c) => c switch
    {
        '"' => (byte)'"',
        '\\' => (byte)'\\',
        '\b' => (byte)'b',
        '\t' => (byte)'t',
        '\n' => (byte)'n',
        '\f' => (byte)'f',
        '\r' => (byte)'r',
        _ => 0,
    };

    private static string BuildEscapedSet()
    {
        var chars = new List<char> { '"', '\\', '\u2028', '\u2029' };
        for (var c = '\0'; c < ' '; c++)
        {
            chars.Add(c);
        }

        for (var c = '\u007F'; c < '\u00A0'; c++)
        {
            chars.Add(c);
        }

        return new string(chars.ToArray());
    }
}
