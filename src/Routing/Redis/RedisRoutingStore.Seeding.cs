using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

// Recovery of an emptied Redis (FLUSHALL, a restart without persistence). The gateway replays the routing events
// it keeps in the stream store; these calls restore without overwriting anything written since the wipe.
public sealed partial class RedisRoutingStore
{
    /// <summary>
    /// Whether Redis holds this cluster's routing data: true once <see cref="MarkSeededAsync"/> was called, false
    /// again after the data was lost. Check it at start, after <see cref="Reconnected"/>, and now and then.
    /// </summary>
    public async ValueTask<bool> IsSeededAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return (await _redis.ExecuteAsync("EXISTS", [_keys.Seeded], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
    }

    /// <summary>Records that the routing data is complete (after a rebuild, or at the first start of a cluster); the value is the store clock's time.</summary>
    public async ValueTask MarkSeededAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _redis.ExecuteAsync("SET", [_keys.Seeded, Now.ToString("O")], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a group's config unless one exists (then a newer write wins); returns the config in force. Topics restore through <see cref="GetOrAddTopicAsync"/>.</summary>
    public ValueTask<SubscriptionGroupConfig> GetOrAddGroupAsync(SubscriptionGroupConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        return _groups.GetOrAddAsync(config, cancellationToken);
    }

    /// <summary>Restores a checkpointed offset unless the group committed one for the queue since; true when restored.</summary>
    public async ValueTask<bool> RestoreOffsetAsync(string broker, string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        RedisKeys.ThrowIfInvalidBroker(broker);
        var restored = await _redis.EvalAsync(RoutingScripts.RestoreOffset, [_keys.Offsets(group), _keys.OffsetGroups(topic)],
            [RedisKeys.OffsetField(broker, topic, queueId), offset, group, LegacyFieldOf(broker, topic, queueId)], cancellationToken).ConfigureAwait(false);
        return restored.AsInt64() == 1;
    }
}
