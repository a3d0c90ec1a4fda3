using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing;

/// <summary>
/// Cluster metadata shared by the gateways: topic and group configs, consumer offsets, client membership,
/// gateway liveness, queue locks, leases and a publish/subscribe channel. Two implementations (in-process
/// for a single node, Redis for a cluster) pass one conformance suite. Returned objects are copies: callers
/// may keep and change them.
/// </summary>
public interface IRoutingStore : IAsyncDisposable
{
    string Description { get; }

    // ---- topics -------------------------------------------------------------------------------------
    ValueTask<TopicConfig?> GetTopicAsync(string topic, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<TopicConfig>> GetTopicsAsync(CancellationToken cancellationToken = default);
    /// <summary>Creates or replaces the topic's config.</summary>
    ValueTask PutTopicAsync(TopicConfig config, CancellationToken cancellationToken = default);
    /// <summary>Creates the topic only when absent; returns the config now in force (the existing one if it was there).</summary>
    ValueTask<TopicConfig> GetOrAddTopicAsync(TopicConfig config, CancellationToken cancellationToken = default);
    ValueTask<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken = default);

    // ---- subscription groups ------------------------------------------------------------------------
    ValueTask<SubscriptionGroupConfig?> GetGroupAsync(string group, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<SubscriptionGroupConfig>> GetGroupsAsync(CancellationToken cancellationToken = default);
    ValueTask PutGroupAsync(SubscriptionGroupConfig config, CancellationToken cancellationToken = default);
    ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default);

    // ---- consumer offsets ---------------------------------------------------------------------------
    // Offsets are per logical broker, as each Java broker keeps its own consumerOffset.json: queue 0 of a topic on
    // broker-a and queue 0 on broker-b are different queues. Offsets stored before they carried a broker (an older
    // version's data) are read as the first logical broker's, the only one such data can have meant.

    /// <summary>The committed offset, or null when the group never committed one for the queue of <paramref name="broker"/>.</summary>
    ValueTask<long?> GetOffsetAsync(string broker, string group, string topic, int queueId, CancellationToken cancellationToken = default);
    ValueTask CommitOffsetAsync(string broker, string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default);
    /// <summary>All committed offsets of a group on every logical broker: (topic, broker, queueId) → offset.</summary>
    ValueTask<IReadOnlyDictionary<MessageQueue, long>> GetGroupOffsetsAsync(string group, CancellationToken cancellationToken = default);
    /// <summary>Every group that has committed offsets on <paramref name="topic"/> (on any logical broker).</summary>
    ValueTask<IReadOnlyList<string>> GetGroupsWithOffsetsAsync(string topic, CancellationToken cancellationToken = default);
    /// <summary>Deletes the group's offsets on every logical broker, for one topic or all of them.</summary>
    ValueTask DeleteOffsetsAsync(string group, string? topic = null, CancellationToken cancellationToken = default);

    // ---- client membership (expires after ClientExpiry without a heartbeat) ---------------------------
    /// <summary>Records or refreshes a consumer; true when the group's membership (client ids) changed.</summary>
    ValueTask<bool> RegisterConsumerAsync(ClientRegistration client, ConsumerData data, CancellationToken cancellationToken = default);
    /// <summary>Removes a consumer; true when it was a member.</summary>
    ValueTask<bool> UnregisterConsumerAsync(string group, string clientId, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<ConsumerMember>> GetConsumersAsync(string group, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<string>> GetConsumerGroupsAsync(CancellationToken cancellationToken = default);
    ValueTask RegisterProducerAsync(ClientRegistration client, string group, CancellationToken cancellationToken = default);
    ValueTask<bool> UnregisterProducerAsync(string group, string clientId, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<ClientRegistration>> GetProducersAsync(string group, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<string>> GetProducerGroupsAsync(CancellationToken cancellationToken = default);
    /// <summary>Drops members not refreshed within the expiry; returns the groups whose consumer membership changed.</summary>
    ValueTask<IReadOnlyList<string>> ExpireClientsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    // ---- name-server KV config (101) ----------------------------------------------------------------
    ValueTask<string?> GetKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default);
    ValueTask PutKvConfigAsync(string ns, string key, string value, CancellationToken cancellationToken = default);
    ValueTask<bool> DeleteKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default);

    // ---- gateways -----------------------------------------------------------------------------------
    /// <summary>Writes or refreshes this gateway's liveness record with a TTL.</summary>
    ValueTask RegisterGatewayAsync(GatewayRecord gateway, TimeSpan ttl, CancellationToken cancellationToken = default);
    ValueTask UnregisterGatewayAsync(string gatewayId, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<GatewayRecord>> GetLiveGatewaysAsync(CancellationToken cancellationToken = default);

    // ---- ordered-consumption queue locks --------------------------------------------------------------
    /// <summary>Locks each queue for <paramref name="clientId"/> unless another live holder has it; returns the queues now held by the client.</summary>
    ValueTask<IReadOnlyList<MessageQueue>> TryLockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, TimeSpan ttl, CancellationToken cancellationToken = default);
    ValueTask UnlockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, CancellationToken cancellationToken = default);

    // ---- leases for singleton jobs ------------------------------------------------------------------
    /// <summary>Acquires or renews a lease; returns a fencing token (increasing per new holder) or null when someone else holds it.</summary>
    ValueTask<long?> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default);
    ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);

    // ---- messages between gateways ------------------------------------------------------------------
    ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
    /// <summary>The handler runs on a store thread: it must be fast and must not throw.</summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default);
}

/// <summary>A connected client as the broker sees it (RocketMQ's ClientChannelInfo), plus the gateway holding its connection.</summary>
public sealed record ClientRegistration(string ClientId, string ClientAddr, LanguageCode Language, int Version, string GatewayId)
{
    public DateTimeOffset LastSeen { get; init; } = DateTimeOffset.UtcNow;
}

public sealed record ConsumerMember(ClientRegistration Client, ConsumerData Data);

/// <summary>A gateway's liveness record.</summary>
public sealed record GatewayRecord(string GatewayId, string Address, int NameServerPort, int ListenPort, int HttpPort, DateTimeOffset StartedAt)
{
    public DateTimeOffset LastSeen { get; init; } = DateTimeOffset.UtcNow;
}
