using System.Net.Security;
using System.Text;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// How to reach Redis. Usually built by <see cref="Parse"/> from StackExchange.Redis's configuration string form,
/// <c>host:port[,host2:port2][,password=…][,ssl=true][,serviceName=mymaster]…</c>; the properties that have no
/// configuration-string key (reconnect delays, certificate validation) are set with <c>with</c>.
/// </summary>
public sealed partial record RedisOptions
{
    /// <summary>Redis servers to try in order (the first that is a master wins), or the Sentinels when <see cref="ServiceName"/> is set.</summary>
    public IReadOnlyList<RedisEndpoint> Endpoints { get; init; } = [new("localhost", RedisEndpoint.DefaultPort)];

    /// <summary>ACL user name (Redis 6+); with only a password, the default user authenticates.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>TLS to the servers (and Sentinels).</summary>
    public bool Ssl { get; init; }

    /// <summary>The name the server certificate must carry, when it is not the host name connected to.</summary>
    public string? SslHost { get; init; }

    /// <summary>Replaces the platform's certificate check (for private CAs and tests); null keeps the platform's.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public int DefaultDatabase { get; init; }

    /// <summary>Bound on one connection attempt: TCP connect, TLS and handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bound on one command, from the call until its reply.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Sentinel master name; when set, <see cref="Endpoints"/> are Sentinels that are asked where the master is.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Sent as CLIENT SETNAME, so <c>CLIENT LIST</c> tells connections apart.</summary>
    public string? ClientName { get; init; }

    /// <summary>When true (the default), ConnectAsync fails if the first attempt fails; when false it returns at once and keeps trying in the background.</summary>
    public bool AbortOnConnectFail { get; init; } = true;

    /// <summary>Forces a protocol; null speaks RESP3 when the server knows HELLO and RESP2 otherwise.</summary>
    public RedisProtocol? Protocol { get; init; }

    /// <summary>First delay between reconnect attempts; later delays grow exponentially with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap on the delay between reconnect attempts, and so on how long recovery lags behind Redis returning.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The endpoints as written, for messages: "host:port,host2:port2".</summary>
    public string EndpointsText => string.Join(",", Endpoints);

    /// <summary>The configuration string, with the password masked.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EndpointsText);
        void Add(string key, object? value)
        {
            if (value is not null)
                text.Append(',').Append(key).Append('=').Append(value);
        }
        Add("serviceName", ServiceName);
        Add("user", User);
        Add("password", Password is null ? null : "*****");
        Add("ssl", Ssl ? "true" : null);
        Add("sslHost", SslHost);
        Add("defaultDatabase", DefaultDatabase == 0 ? null : DefaultDatabase);
        Add("connectTimeout", (long)ConnectTimeout.TotalMilliseconds);
        Add("syncTimeout", (long)SyncTimeout.TotalMilliseconds);
        Add("name", ClientName);
        Add("abortConnect", AbortOnConnectFail ? null : "false");
        Add("protocol", Protocol?.ToString().ToLowerInvariant());
        return text.ToString();
    }
}
