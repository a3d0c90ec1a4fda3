using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Redis;

/// <summary>Options of the Redis routing store.</summary>
public sealed record RedisRoutingOptions
{
    /// <summary>StackExchange.Redis-style configuration string (the value of <c>Broker:Redis</c>), parsed by <see cref="RedisOptions.Parse"/>.</summary>
    public string Configuration { get; init; } = "localhost:6379";

    /// <summary>Parsed options, used instead of <see cref="Configuration"/> when set (for settings a string cannot carry, such as certificate validation).</summary>
    public RedisOptions? Redis { get; init; }

    /// <summary>The RocketMQ cluster (brokerClusterName); it names the default key prefix.</summary>
    public string ClusterName { get; init; } = "DefaultCluster";

    /// <summary>
    /// The first logical broker (the first of <c>Broker:BrokerNames</c>). Offsets written by a version that did not
    /// keep them per logical broker are read as this broker's: with one broker (the only layout such data can come
    /// from without the overwrites that version had), it is the broker they were committed on.
    /// </summary>
    public string FirstBrokerName { get; init; } = "broker-a";

    /// <summary>
    /// Prefix of every key and channel; null means <c>eventbroker:{ClusterName}:</c>. The braces are a Redis Cluster
    /// hash tag: all of a cluster's keys share one slot, so the multi-key scripts stay valid there too.
    /// </summary>
    public string? KeyPrefix { get; init; }

    /// <summary>A client not refreshed for longer than this is dropped by ExpireClientsAsync (RocketMQ's channel expiry).</summary>
    public TimeSpan ClientExpiry { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The clock of every expiry (clients, gateways, locks, leases); tests substitute a manual one. Redis TTLs only clean up after it, generously.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string EffectiveKeyPrefix => KeyPrefix ?? $"eventbroker:{{{ClusterName}}}:";

    public RedisOptions EffectiveRedis => Redis ?? RedisOptions.Parse(Configuration);
}
