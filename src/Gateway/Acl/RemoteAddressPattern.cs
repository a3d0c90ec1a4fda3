using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// A whiteRemoteAddress / globalWhiteRemoteAddresses entry in RocketMQ's forms (RemoteAddressStrategyFactory):
/// blank matches nobody; <c>*</c>, <c>*.*.*.*</c> or <c>*:*:*:*:*:*:*:*</c> everybody; <c>192.168.0.{1,2,3}</c> and
/// <c>192.168.0.1,192.168.0.2</c> a list; <c>192.168.0.*</c>, <c>192.168.1-10.*</c> (and IPv6 groups the same way)
/// a range; otherwise one exact IPv4 or IPv6 address. A range is one <c>*</c> or <c>a-b</c> part followed only
/// by <c>*</c> parts, as RocketMQ reads it.
/// </summary>
public sealed class RemoteAddressPattern
{
    private readonly Kind _kind;
    private readonly HashSet<IPAddress> _addresses = [];
    // Per part of the address (4 bytes for IPv4, 8 groups for IPv6): the inclusive range it must fall in.
    private readonly (int Low, int High)[] _parts = [];

    private RemoteAddressPattern(string text, Kind kind)
    {
        Text = text;
        _kind = kind;
    }

    private RemoteAddressPattern(string text, Kind kind, (int Low, int High)[] parts)
        : this(text, kind)
    {
        _parts = parts;
    }

    private enum Kind
    {
        Nobody,
        Everybody,
        List,
        RangeV4,
        RangeV6,
    }

    public string Text { get; }

    /// <exception cref="FormatException">The text is none of RocketMQ's address forms; the message says why.</exception>
    public static RemoteAddressPattern Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return new RemoteAddressPattern("", Kind.Nobody);
        }
        if (trimmed is "*" or "*.*.*.*" or "*:*:*:*:*:*:*:*")
        {
            return new RemoteAddressPattern(trimmed, Kind.Everybody);
        }
        if (trimmed.EndsWith('}'))
        {
            return BraceList(trimmed);
        }
        if (trimmed.Contains(','))
        {
            return List(trimmed, trimmed.Split(',', StringSplitOptions.TrimEntries));
        }
        if (trimmed.Contains('*') || trimmed.Contains('-'))
        {
            return trimmed.Contains(':') ? RangeV6(trimmed) : RangeV4(trimmed);
        }
        return List(trimmed, [trimmed]);
    }

    public bool Matches(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalized = Normalize(address);
        switch (_kind)
        {
            case Kind.Everybody:
                return true;
            case Kind.List:
                return _addresses.Contains(normalized);
            case Kind.RangeV4 when normalized.AddressFamily == AddressFamily.InterNetwork:
                return InRange(normalized.GetAddressBytes(), groupBytes: 1);
            case Kind.RangeV6 when normalized.AddressFamily == AddressFamily.InterNetworkV6:
                return InRange(normalized.GetAddressBytes(), groupBytes: 2);
            default:
                return false;
        }
    }

    public override string ToString() => Text;

    /// <summary>An IPv4 client on a dual-stack listener shows up as ::ffff:a.b.c.d; patterns are written for a.b.c.d.</summary>
    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6
        ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address;

    private bool InRange(byte[] bytes, int groupBytes)
    {
        for (var i = 0; i < _parts.Length; i++)
        {
            var value = groupBytes == 1 ? bytes[i] : (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
            if (value < _parts[i].Low || value > _parts[i].High)
            {
                return false;
            }
        }
        return true;
    }

    private static RemoteAddressPattern BraceList(string text)
    {
        var open = text.LastIndexOf('{');
        var separator = text.Contains(':') ? ':' : '.';
        if (open <= 0 || text[open - 1] != separator)
        {
            throw new FormatException($"'{text}': a {{…}} list must be the last part of the address, e.g. 192.168.0.{{1,2,3}}");
        }
        if (separator == '.' && text.Split('.').Length < 4)
        {
            throw new FormatException($"'{text}': an IPv4 address has 4 parts, e.g. 192.168.0.{{1,2,3}}");
        }
        var prefix = text[..open];
        var items = text[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
        return List(text, items.Select(item => prefix + item));
    }

    private static RemoteAddressPattern List(string text, IEnumerable<string> items)
    {
        var pattern = new RemoteAddressPattern(text, Kind.List);
        foreach (var item in items)
        {
            if (!TryParseAddress(item, out var address))
            {
                throw new FormatException($"'{item}' is not an IPv4 or IPv6 address");
            }
            pattern._addresses.Add(Normalize(address));
        }
        return pattern;
    }

    private static RemoteAddressPattern RangeV4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            throw new FormatException($"'{text}': an IPv4 pattern has 4 parts, e.g. 192.168.0.* or 192.168.1-10.*");
        }
        return Range(text, Kind.RangeV4, parts, NumberStyles.None, max: 255);
    }

    private static RemoteAddressPattern RangeV6(string text)
    {
        var parts = ExpandIPv6Parts(text);
        if (parts is null)
        {
            throw new FormatException($"'{text}': an IPv6 pattern has 8 groups (or :: for zeros), e.g. 2001:db8:0:0:0:0:0:*");
        }
        return Range(text, Kind.RangeV6, parts, NumberStyles.AllowHexSpecifier, max: 0xFFFF);
    }

    private static RemoteAddressPattern Range(string text, Kind kind, string[] parts, NumberStyles style, int max)
    {
        var ranges = new (int Low, int High)[parts.Length];
        var opened = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part == "*")
            {
                ranges[i] = (0, max);
                opened = true;
                continue;
            }
            if (opened)
            {
                throw new FormatException($"'{text}': after a '*' or a range every part must be '*'");
            }
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash >= 0 && i == 0)
            {
                throw new FormatException($"'{text}': the first part must be exact");
            }
            if (dash < 0)
            {
                var exact = ParsePart(text, part, style, max);
                ranges[i] = (exact, exact);
                continue;
            }
            var low = ParsePart(text, part[..dash], style, max);
            var high = ParsePart(text, part[(dash + 1)..], style, max);
            if (low > high)
            {
                throw new FormatException($"'{text}': the range {part} runs backwards");
            }
            ranges[i] = (low, high);
            opened = true;
        }
        if (ranges[0].Low != ranges[0].High)
        {
            throw new FormatException($"'{text}': the first part must be exact");
        }
        return new RemoteAddressPattern(text, kind, ranges);
    }

    private static int ParsePart(string text, string part, NumberStyles style, int max)
    {
        if (part.Length == 0 || !int.TryParse(part, style, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new FormatException($"'{text}': '{part}' is not a number from 0 to {(max == 255 ? "255" : "ffff")}");
        }
        return value;
    }

    // Splits an IPv6 pattern into its 8 groups, "::" standing for as many zero groups as are missing.
    private static string[]? ExpandIPv6Parts(string text)
    {
        var doubleColon = text.IndexOf("::", StringComparison.Ordinal);
        if (doubleColon < 0)
        {
            var groups = text.Split(':');
            return groups.Length == 8 ? groups : null;
        }
        var head = text[..doubleColon].Split(':', StringSplitOptions.RemoveEmptyEntries);
        var tail = text[(doubleColon + 2)..].Split(':', StringSplitOptions.RemoveEmptyEntries);
        var missing = 8 - head.Length - tail.Length;
        if (missing < 1)
        {
            return null;
        }
        return [.. head, .. Enumerable.Repeat("0", missing), .. tail];
    }

    /// <summary>Dotted-quad IPv4 (4 decimal parts up to 255) or an IPv6 address; not the shorthand forms IPAddress accepts.</summary>
    internal static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }
            return false;
        }
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        address = new IPAddress(bytes);
        return true;
    }
}
