using System.Globalization;

namespace EventBroker.Compose.Tests.Support;

public sealed record HostPort(string Host, int Port);

/// <summary>The hosts named by the gateway's two store settings, read with the syntax docs/storage.md and docs/redis.md give.</summary>
public static class StoreAddresses
{
    /// <summary>
    /// <c>esdb://[user:pass@]host[:port][,host[:port]…][/][?key=value&amp;…]</c>, also <c>esdb+discover://</c>; the
    /// port defaults to 2113.
    /// </summary>
    public static (IReadOnlyList<HostPort> Hosts, IReadOnlyDictionary<string, string> Settings, bool Discover) ParseEventStore(string connectionString)
    {
        var discover = connectionString.StartsWith("esdb+discover://", StringComparison.OrdinalIgnoreCase);
        if (!discover && !connectionString.StartsWith("esdb://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{connectionString}' is not an esdb:// or esdb+discover:// connection string");
        }
        var rest = connectionString[(connectionString.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        rest = rest.TrimEnd('/');
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            rest = rest[(at + 1)..];
        }
        var hosts = rest.Split(',').Select(h => ParseHostPort(h, 2113, connectionString)).ToList();
        var settings = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.OrdinalIgnoreCase);
        return (hosts, settings, discover);
    }

    /// <summary><c>host:port[,host2:port2][,key=value…]</c>: the segments without '=' are endpoints, port 6379 by default.</summary>
    public static IReadOnlyList<HostPort> ParseRedis(string configuration) =>
        configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(segment => !segment.Contains('=', StringComparison.Ordinal))
            .Select(segment => ParseHostPort(segment, 6379, configuration))
            .ToList();

    private static HostPort ParseHostPort(string text, int defaultPort, string whole)
    {
        if (text.Length == 0)
        {
            throw new FormatException($"'{whole}' has an empty host");
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.EndsWith(']'))
        {
            return new HostPort(text, defaultPort);
        }
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new HostPort(text[..colon], port)
            : throw new FormatException($"'{whole}': '{text}' has no valid port");
    }
}
