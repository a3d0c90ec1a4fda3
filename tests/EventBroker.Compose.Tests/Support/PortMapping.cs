using System.Globalization;

namespace EventBroker.Compose.Tests.Support;

/// <summary>
/// One published port after interpolation. <see cref="RawHostIp"/> keeps the host address as written (before
/// interpolation), so two settings can be checked to come from the same expression.
/// </summary>
public sealed record PortMapping(string? HostIp, string? RawHostIp, int? HostPort, int ContainerPort, string Protocol)
{
    /// <summary>
    /// Compose's short syntax <c>[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>, ranges (<c>9000-9001</c>)
    /// included; <paramref name="raw"/> is the same entry before interpolation.
    /// </summary>
    public static IReadOnlyList<PortMapping> ParseShort(string text, string raw)
    {
        var (body, protocol) = SplitProtocol(text);
        var (hostIp, ports) = SplitHostIp(body);
        var (rawHostIp, _) = SplitHostIp(SplitProtocol(raw).Body);
        var parts = ports.Split(':');
        var (hostRange, containerRange) = parts.Length switch
        {
            1 => ((string?)null, parts[0]),
            2 => (parts[0], parts[1]),
            _ => throw new FormatException($"port entry '{text}' has too many ':' parts"),
        };
        var containers = ParseRange(containerRange, text);
        var hosts = hostRange is null or "" ? null : ParseRange(hostRange, text);
        if (hosts is not null && hosts.Count != containers.Count)
        {
            throw new FormatException($"port entry '{text}' maps ranges of different lengths");
        }
        return containers.Select((container, k) => new PortMapping(hostIp, rawHostIp, hosts?[k], container, protocol)).ToList();
    }

    /// <summary>Compose's long syntax: <c>target</c>, <c>published</c>, <c>host_ip</c>, <c>protocol</c>.</summary>
    public static PortMapping ParseLong(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string> rawFields)
    {
        if (!fields.TryGetValue("target", out var target))
        {
            throw new FormatException("a long-syntax port entry has no target");
        }
        int? published = fields.TryGetValue("published", out var p) && p.Length > 0 ? ParsePort(p, p) : null;
        return new PortMapping(
            fields.GetValueOrDefault("host_ip"),
            rawFields.GetValueOrDefault("host_ip"),
            published,
            ParsePort(target, target),
            fields.GetValueOrDefault("protocol") ?? "tcp");
    }

    private static (string Body, string Protocol) SplitProtocol(string text)
    {
        var slash = text.LastIndexOf('/');
        return slash < 0 ? (text, "tcp") : (text[..slash], text[(slash + 1)..]);
    }

    /// <summary>
    /// The host address is everything before the last two ':'-separated parts (IPv6 in brackets), which also holds for
    /// the raw text, where the address may be an expression such as <c>${HOST_IP:-127.0.0.1}</c>.
    /// </summary>
    private static (string? HostIp, string Ports) SplitHostIp(string body)
    {
        if (body.StartsWith('['))
        {
            var close = body.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= body.Length || body[close + 1] != ':')
            {
                throw new FormatException($"port entry '{body}' has a malformed IPv6 host address");
            }
            return (body[1..close], body[(close + 2)..]);
        }
        var colons = body.Count(c => c == ':');
        if (colons < 2)
        {
            return (null, body);
        }
        var last = body.LastIndexOf(':');
        var cut = body.LastIndexOf(':', last - 1);
        return (body[..cut], body[(cut + 1)..]);
    }

    private static List<int> ParseRange(string text, string entry)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return [ParsePort(text, entry)];
        }
        var first = ParsePort(text[..dash], entry);
        var last = ParsePort(text[(dash + 1)..], entry);
        if (last < first)
        {
            throw new FormatException($"port entry '{entry}' has a descending range");
        }
        return Enumerable.Range(first, last - first + 1).ToList();
    }

    private static int ParsePort(string text, string entry) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"port entry '{entry}': '{text}' is not a TCP/UDP port");
}
