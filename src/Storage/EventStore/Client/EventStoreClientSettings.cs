using EventBroker.Storage.EventStore.Grpc;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// What an EventStoreDB connection string says, in EventStoreDB's own form
/// (<c>esdb://[user:pass@]host[:port][,host[:port]…][?key=value&amp;…]</c>, <c>esdb+discover://…</c>).
/// Parsed by <see cref="EventStoreConnectionString"/>.
/// </summary>
internal sealed record EventStoreClientSettings
{
    public const int DefaultPort = 2113;

    /// <summary>The node to use directly, or the gossip seeds when <see cref="Discover"/> is set.</summary>
    public required IReadOnlyList<NodeEndpoint> Hosts { get; init; }

    /// <summary>Find the members through Gossip/Read (esdb+discover://, or more than one host).</summary>
    public bool Discover { get; init; }

    public bool Tls { get; init; } = true;

    public bool TlsVerifyCert { get; init; } = true;

    public string? TlsCaFile { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public NodePreference NodePreference { get; init; } = NodePreference.Leader;

    public string? ConnectionName { get; init; }

    public int MaxDiscoverAttempts { get; init; } = 10;

    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan GossipTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The per-call deadline (<c>defaultDeadline</c>, ms); null leaves the store's own.</summary>
    public TimeSpan? DefaultDeadline { get; init; }

    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection string without its password, for logs and errors.</summary>
    public string Display => $"{(Discover && Hosts.Count == 1 ? "esdb+discover" : "esdb")}://{(UserName is null ? "" : UserName + "@")}{string.Join(",", Hosts)}"
        + $"?tls={(Tls ? "true" : "false")}&nodePreference={NodePreference.ToString().ToLowerInvariant()}";
}
