using System.Text;
using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// The properties string of a message: <c>key \u0001 value \u0002 key \u0001 value</c>.
/// Reading follows MessageDecoder.string2messageProperties: a segment needs a non-empty key and a non-empty
/// value (so anything shorter than 3 chars is skipped), a repeated key keeps its last value, and the trailing
/// \u0002 that C++ and ali-ons write is harmless. Writing follows messageProperties2String: no trailing separator.
/// </summary>
public static class MessageProperties
{
    private const byte NameValueSeparatorByte = 1;
    private const byte PropertySeparatorByte = 2;

    public static Dictionary<string, string> Parse(string? properties) => Parse(properties.AsSpan());

    public static Dictionary<string, string> Parse(ReadOnlySpan<char> properties)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!properties.IsEmpty)
        {
            var end = properties.IndexOf(MessageConst.PropertySeparator);
            var segment = end < 0 ? properties : properties[..end];
            var separator = segment.IndexOf(MessageConst.NameValueSeparator);
            if (separator > 0 && separator < segment.Length - 1)
            {
                map[segment[..separator].ToString()] = segment[(separator + 1)..].ToString();
            }
            properties = end < 0 ? default : properties[(end + 1)..];
        }
        return map;
    }

    /// <summary>
    /// Parses UTF-8 properties as stored in a record. \u0001 and \u0002 never occur inside a multi-byte UTF-8
    /// sequence, so splitting the bytes gives the same segments as splitting the decoded string.
    /// </summary>
    public static Dictionary<string, string> Parse(ReadOnlySpan<byte> utf8)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!utf8.IsEmpty)
        {
            var end = utf8.IndexOf(PropertySeparatorByte);
            var segment = end < 0 ? utf8 : utf8[..end];
            var separator = segment.IndexOf(NameValueSeparatorByte);
            if (separator > 0 && separator < segment.Length - 1)
            {
                map[Encoding.UTF8.GetString(segment[..separator])] = Encoding.UTF8.GetString(segment[(separator + 1)..]);
            }
            utf8 = end < 0 ? default : utf8[(end + 1)..];
        }
        return map;
    }

    /// <summary>Looks a property up in stored bytes without allocating; the last occurrence wins, as in Parse.</summary>
    public static bool TryFind(ReadOnlySpan<byte> utf8Props, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        value = default;
        var found = false;
        while (!utf8Props.IsEmpty)
        {
            var end = utf8Props.IndexOf(PropertySeparatorByte);
            var segment = end < 0 ? utf8Props : utf8Props[..end];
            var separator = segment.IndexOf(NameValueSeparatorByte);
            if (separator > 0 && separator < segment.Length - 1 && segment[..separator].SequenceEqual(key))
            {
                value = segment[(separator + 1)..];
                found = true;
            }
            utf8Props = end < 0 ? default : utf8Props[(end + 1)..];
        }
        return found;
    }

    public static bool TryFind(ReadOnlySpan<char> properties, ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = false;
        while (!properties.IsEmpty)
        {
            var end = properties.IndexOf(MessageConst.PropertySeparator);
            var segment = end < 0 ? properties : properties[..end];
            var separator = segment.IndexOf(MessageConst.NameValueSeparator);
            if (separator > 0 && separator < segment.Length - 1 && segment[..separator].SequenceEqual(key))
            {
                value = segment[(separator + 1)..];
                found = true;
            }
            properties = end < 0 ? default : properties[(end + 1)..];
        }
        return found;
    }

    /// <summary>Entries in the given order, null values skipped, no trailing separator.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var builder = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            if (value is null)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(MessageConst.PropertySeparator);
            }
            builder.Append(key).Append(MessageConst.NameValueSeparator).Append(value);
        }
        return builder.ToString();
    }

    /// <summary>
    /// What Java's messageProperties2String produces for a HashMap holding these entries: the same text a
    /// Java broker stores after adding its own properties (CLUSTER and the like).
    /// </summary>
    public static string FormatInJavaOrder(IReadOnlyDictionary<string, string> properties) =>
        Format(JavaHashMapOrder.Order(properties));

    public static byte[] FormatUtf8(IEnumerable<KeyValuePair<string, string>> properties) =>
        Encoding.UTF8.GetBytes(Format(properties));
}
