using System.Collections.Concurrent;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Cluster;

/// <summary>
/// The cluster's routing store with a journal: every metadata change is also appended to the stream store after
/// Redis took it, and committed offsets are checkpointed there every few seconds (RocketMQ flushes offsets every
/// 5 s too), so an emptied Redis can be rebuilt. Reads and everything else go straight to the inner store.
/// </summary>
public sealed partial class JournaledRoutingStore(IRoutingStore inner, RoutingJournal journal, ILogger<JournaledRoutingStore> logger) : IRoutingStore
{
    private ConcurrentDictionary<(string Broker, string Group, string Topic, int QueueId), long> _dirtyOffsets = new();

    public IRoutingStore Inner => inner;

    public string Description => inner.Description + " + journal " + journal.StreamName;

    public async ValueTask PutTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        await inner.PutTopicAsync(config, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.TopicPut, Topic = config }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TopicConfig> GetOrAddTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        var result = await inner.GetOrAddTopicAsync(config, cancellationToken).ConfigureAwait(false);
        // Journaled whether or not this call added it: an auto-create racing another gateway is recorded at least once.
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.TopicPut, Topic = result }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.TopicDelete, Name = topic }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async ValueTask PutGroupAsync(SubscriptionGroupConfig config, CancellationToken cancellationToken = default)
    {
        await inner.PutGroupAsync(config, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.GroupPut, Group = config }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteGroupAsync(group, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.GroupDelete, Name = group }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async ValueTask PutKvConfigAsync(string ns, string key, string value, CancellationToken cancellationToken = default)
    {
        await inner.PutKvConfigAsync(ns, key, value, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.KvPut, Namespace = ns, Key = key, Value = value }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteKvConfigAsync(ns, key, cancellationToken).ConfigureAwait(false);
        await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.KvDelete, Namespace = ns, Key = key }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async ValueTask CommitOffsetAsync(string broker, string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default)
    {
        await inner.CommitOffsetAsync(broker, group, topic, queueId, offset, cancellationToken).ConfigureAwait(false);
        _dirtyOffsets[(broker, group, topic, queueId)] = offset;
    }

    /// <summary>Appends the offsets committed through this gateway since the last checkpoint.</summary>
    public async Task CheckpointOffsetsAsync(CancellationToken ct)
    {
        if (_dirtyOffsets.IsEmpty)
        {
            return;
        }
        var taken = Interlocked.Exchange(ref _dirtyOffsets, new());
        var offsets = new Dictionary<string, Dictionary<string, Dictionary<string, long>>>(StringComparer.Ordinal);
        foreach (var ((broker, group, topic, queueId), offset) in taken)
        {
            if (!offsets.TryGetValue(broker, out var byGroup))
            {
                offsets[broker] = byGroup = new(StringComparer.Ordinal);
            }
            if (!byGroup.TryGetValue(group, out var byQueue))
            {
                byGroup[group] = byQueue = new(StringComparer.Ordinal);
            }
            byQueue[$"{topic}@{queueId}"] = offset;
        }
        try
        {
            await journal.AppendAsync(new RoutingJournalEntry { Type = RoutingJournalEntry.OffsetsCheckpoint, BrokerOffsets = offsets }, ct).ConfigureAwait(false);
        }
        catch
        {
            // Put them back (newer commits win) so the next checkpoint carries them.
            foreach (var (key, offset) in taken)
            {
                _dirtyOffsets.TryAdd(key, offset);
            }
            throw;
        }
    }

    // Everything below is not journaled: reads, membership, liveness, locks, leases and pub/sub are live state.
    public ValueTask<TopicConfig?> GetTopicAsync(string topic, CancellationToken cancellationToken = default) => inner.GetTopicAsync(topic, cancellationToken);
    public ValueTask<IReadOnlyList<TopicConfig>> GetTopicsAsync(CancellationToken cancellationToken = default) => inner.GetTopicsAsync(cancellationToken);
    public ValueTask<SubscriptionGroupConfig?> GetGroupAsync(string group, CancellationToken cancellationToken = default) => inner.GetGroupAsync(group, cancellationToken);
    public ValueTask<IReadOnlyList<SubscriptionGroupConfig>> GetGroupsAsync(CancellationToken cancellationToken = default) => inner.GetGroupsAsync(cancellationToken);
    public ValueTask<long?> GetOffsetAsync(string broker, string group, string topic, int queueId, CancellationToken cancellationToken = default) => inner.GetOffsetAsync(broker, group, topic, queueId, cancellationToken);
    public ValueTask<IReadOnlyDictionary<MessageQueue, long>> GetGroupOffsetsAsync(string group, CancellationToken cancellationToken = default) => inner.GetGroupOffsetsAsync(group, cancellationToken);
    public ValueTask<IReadOnlyList<string>> GetGroupsWithOffsetsAsync(string topic, CancellationToken cancellationToken = default) => inner.GetGroupsWithOffsetsAsync(topic, cancellationToken);
    public ValueTask DeleteOffsetsAsync(string group, string? topic = null, CancellationToken cancellationToken = default) => inner.DeleteOffsetsAsync(group, topic, cancellationToken);
    public ValueTask<bool> RegisterConsumerAsync(ClientRegistration client, ConsumerData data, CancellationToken cancellationToken = default) => inner.RegisterConsumerAsync(client, data, cancellationToken);
    public ValueTask<bool> UnregisterConsumerAsync(string group, string clientId, CancellationToken cancellationToken = default) => inner.UnregisterConsumerAsync(group, clientId, cancellationToken);
    public ValueTask<IReadOnlyList<ConsumerMember>> GetConsumersAsync(string group, CancellationToken cancellationToken = default) => inner.GetConsumersAsync(group, cancellationToken);
    public ValueTask<IReadOnlyList<string>> GetConsumerGroupsAsync(CancellationToken cancellationToken = default) => inner.GetConsumerGroupsAsync(cancellationToken);
    public ValueTask RegisterProducerAsync(ClientRegistration client, string group, CancellationToken cancellationToken = default) => inner.RegisterProducerAsync(client, group, cancellationToken);
    public ValueTask<bool> UnregisterProducerAsync(string group, string clientId, CancellationToken cancellationToken = default) => inner.UnregisterProducerAsync(group, clientId, cancellationToken);
    public ValueTask<IReadOnlyList<ClientRegistration>> GetProducersAsync(string group, CancellationToken cancellationToken = default) => inner.GetProducersAsync(group, cancellationToken);
    public ValueTask<IReadOnlyList<string>> GetProducerGroupsAsync(CancellationToken cancellationToken = default) => inner.GetProducerGroupsAsync(cancellationToken);
    public ValueTask<IReadOnlyList<string>> ExpireClientsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.ExpireClientsAsync(now, cancellationToken);
    public ValueTask<string?> GetKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default) => inner.GetKvConfigAsync(ns, key, cancellationToken);
    public ValueTask RegisterGatewayAsync(GatewayRecord gateway, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.RegisterGatewayAsync(gateway, ttl, cancellationToken);
    public ValueTask UnregisterGatewayAsync(string gatewayId, CancellationToken cancellationToken = default) => inner.UnregisterGatewayAsync(gatewayId, cancellationToken);
    public ValueTask<IReadOnlyList<GatewayRecord>> GetLiveGatewaysAsync(CancellationToken cancellationToken = default) => inner.GetLiveGatewaysAsync(cancellationToken);
    public ValueTask<IReadOnlyList<MessageQueue>> TryLockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.TryLockQueuesAsync(group, clientId, queues, ttl, cancellationToken);
    public ValueTask UnlockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, CancellationToken cancellationToken = default) => inner.UnlockQueuesAsync(group, clientId, queues, cancellationToken);
    public ValueTask<long?> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.TryAcquireLeaseAsync(name, holder, ttl, cancellationToken);
    public ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default) => inner.ReleaseLeaseAsync(name, holder, cancellationToken);
    public ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) => inner.PublishAsync(channel, message, cancellationToken);
    public ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default) => inner.SubscribeAsync(channel, handler, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CheckpointOffsetsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogFinalCheckpointFailed(ex);
        }
        await inner.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Could not checkpoint consumer offsets to the journal while stopping")]
    private partial void LogFinalCheckpointFailed(Exception ex);
}
