namespace EventBroker.Routing.Redis;

// Consumer offsets: a hash per group ("<queueId>@<topic>" → offset) and, per topic, the set of groups with offsets.
public sealed partial class RedisRoutingStore
{
    /// <summary>One HGET.</summary>
    public async ValueTask<long?> GetOffsetAsync(string group, string topic, int queueId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var value = await _redis.ExecuteAsync("HGET", [_keys.Offsets(group), RedisKeys.OffsetField(topic, queueId)], cancellationToken).ConfigureAwait(false);
        return value.AsNullableInt64();
    }

    /// <summary>One script call: the offset and the topic's index of groups, together.</summary>
    public async ValueTask CommitOffsetAsync(string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _redis.EvalAsync(RoutingScripts.CommitOffset, [_keys.Offsets(group), _keys.OffsetGroups(topic)],
            [RedisKeys.OffsetField(topic, queueId), offset, group], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<(string Topic, int QueueId), long>> GetGroupOffsetsAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var pairs = await _redis.ExecuteAsync("HGETALL", [_keys.Offsets(group)], cancellationToken).ConfigureAwait(false);
        var offsets = new Dictionary<(string Topic, int QueueId), long>();
        for (var i = 0; i + 1 < pairs.Items.Count; i += 2)
            offsets[RedisKeys.ParseOffsetField(pairs.Items[i].AsString()!)] = pairs.Items[i + 1].AsInt64();
        return offsets;
    }

    /// <summary>Ordered by name (ordinal).</summary>
    public async ValueTask<IReadOnlyList<string>> GetGroupsWithOffsetsAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var groups = await _redis.ExecuteAsync("SMEMBERS", [_keys.OffsetGroups(topic)], cancellationToken).ConfigureAwait(false);
        return groups.Items.Select(g => g.AsString()!).Order(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DeleteOffsetsAsync(string group, string? topic = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _redis.EvalAsync(RoutingScripts.DeleteOffsets, [_keys.Offsets(group)], [group, topic ?? "", _keys.OffsetGroupsPrefix], cancellationToken)
            .ConfigureAwait(false);
    }
}
