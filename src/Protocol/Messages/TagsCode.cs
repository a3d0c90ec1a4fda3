using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// The tagsCode a consume queue entry carries for a message: Java's String.hashCode() of its tag, the same
/// number a subscription lists in codeSet. (Delayed messages carry their delivery time there instead.)
/// </summary>
public static class TagsCode
{
    public static int Of(string tag) => JavaString.HashCode(tag);

    public static int Of(ReadOnlySpan<char> tag) => JavaString.HashCode(tag);

    /// <summary>The code of a UTF-8 tag as stored in properties, without decoding it to a string.</summary>
    public static int Of(ReadOnlySpan<byte> utf8Tag)
    {
        if (System.Text.Ascii.IsValid(utf8Tag))
        {
            var h = 0;
            foreach (var b in utf8Tag)
            {
                h = unchecked((31 * h) + b);
            }
            return h;
        }
        // Non-ASCII: hash the UTF-16 code units, as Java does.
        Span<char> chars = utf8Tag.Length <= 256 ? stackalloc char[utf8Tag.Length] : new char[utf8Tag.Length];
        var count = System.Text.Encoding.UTF8.GetChars(utf8Tag, chars);
        return JavaString.HashCode(chars[..count]);
    }
}
