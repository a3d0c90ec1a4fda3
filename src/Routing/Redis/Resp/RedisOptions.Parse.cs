using System.Globalization;

namespace EventBroker.Routing.Redis.Resp;

// The configuration string parser: StackExchange.Redis's keys, case-insensitive; values may not contain commas.
public sealed partial record RedisOptions
{
    private static readonly string[] Accepted =
        ["password", "user", "ssl", "sslHost", "defaultDatabase", "connectTimeout", "syncTimeout", "serviceName", "name", "abortConnect", "protocol"];

    /// <summary>Parses <c>host:port[,host2:port2][,password=…][,user=…][,ssl=true][,defaultDatabase=N][,connectTimeout=ms][,syncTimeout=ms][,serviceName=…]</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message names it and the accepted options, never the password.</exception>
    public static RedisOptions Parse(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RedisOptions();
        var hosts = new List<(string Host, int? Port)>();
        foreach (var raw in configuration.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0)
                continue;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                hosts.Add(ParseEndpoint(part));
            else
                options = Apply(options, part[..equals].Trim(), part[(equals + 1)..].Trim());
        }
        if (hosts.Count == 0)
            throw new ArgumentException($"The Redis configuration names no server; expected host:port[,host2:port2][,option=value…] with options {string.Join(", ", Accepted)}.", nameof(configuration));
        // Sentinels listen on 26379 by default, servers on 6379.
        var defaultPort = options.ServiceName is null ? RedisEndpoint.DefaultPort : RedisEndpoint.DefaultSentinelPort;
        return options with { Endpoints = hosts.Select(h => new RedisEndpoint(h.Host, h.Port ?? defaultPort)).ToList() };
    }

    private static RedisOptions Apply(RedisOptions options, string key, string value) => key.ToLowerInvariant() switch
    {
        "password" => options with { Password = value },
        "user" => options with { User = NonEmpty(key, value) },
        "ssl" => options with { Ssl = Boolean(key, value) },
        "sslhost" => options with { SslHost = NonEmpty(key, value) },
        "defaultdatabase" => options with { DefaultDatabase = Integer(key, value, min: 0) },
        "connecttimeout" => options with { ConnectTimeout = TimeSpan.FromMilliseconds(Integer(key, value, min: 1)) },
        "synctimeout" => options with { SyncTimeout = TimeSpan.FromMilliseconds(Integer(key, value, min: 1)) },
        "servicename" => options with { ServiceName = NonEmpty(key, value) },
        "name" => options with { ClientName = NonEmpty(key, value) },
        "abortconnect" => options with { AbortOnConnectFail = Boolean(key, value) },
        "protocol" => options with { Protocol = ProtocolVersion(key, value) },
        _ => throw new ArgumentException(
            $"Unknown Redis option '{key}'; accepted options: {string.Join(", ", Accepted)}.", "configuration"),
    };

    private static (string Host, int? Port) ParseEndpoint(string text)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            // [IPv6]:port
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw Bad("endpoint", text, "an IPv6 address in brackets, as [::1]:6379");
            host = text[1..close];
            if (close + 1 < text.Length)
                port = text[(close + 1)..].StartsWith(':') ? text[(close + 2)..] : throw Bad("endpoint", text, "[address]:port");
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0)
            throw Bad("endpoint", text, "host:port");
        if (port is null)
            return (host, null);
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw Bad("endpoint", text, "host:port with a port from 1 to 65535");
        return (host, number);
    }

    private static string NonEmpty(string key, string value) => value.Length > 0 ? value : throw Bad(key, value, "a value");

    private static bool Boolean(string key, string value) => bool.TryParse(value, out var result) ? result : throw Bad(key, value, "true or false");

    private static int Integer(string key, string value, int min)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result) && result >= min
            ? result
            : throw Bad(key, value, min == 0 ? "a whole number" : "a whole number of milliseconds above 0");

    private static RedisProtocol ProtocolVersion(string key, string value) => value.ToLowerInvariant() switch
    {
        "resp2" or "2" => RedisProtocol.Resp2,
        "resp3" or "3" => RedisProtocol.Resp3,
        _ => throw Bad(key, value, "resp2 or resp3"),
    };

    private static ArgumentException Bad(string key, string value, string expected)
        => new($"Redis option '{key}' must be {expected}, not '{value}'.", "configuration");
}
