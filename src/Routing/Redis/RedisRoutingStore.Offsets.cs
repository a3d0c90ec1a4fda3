using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

// Consumer offsets: a hash per group ("<queueId>@<broker>@<topic>" → offset) and, per topic, the set of groups with
// offsets. Fields of an older version ("<queueId>@<topic>", no broker) are the first logical broker's: reads fall back
// to them, and the first commit of that queue replaces the old field with the new one.
public sealed partial class RedisRoutingStore
{
    /// <summary>One HGET (one HMGET of the new and the older field for the first logical broker).</summary>
    public async ValueTask<long?> GetOffsetAsync(string broker, string group, string topic, int queueId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        RedisKeys.ThrowIfInvalidBroker(broker);
        var field = RedisKeys.OffsetField(broker, topic, queueId);
        if (broker != _firstBroker)
        {
            var value = await _redis.ExecuteAsync("HGET", [_keys.Offsets(group), field], cancellationToken).ConfigureAwait(false);
            return value.AsNullableInt64();
        }
        var values = await _redis.ExecuteAsync("HMGET", [_keys.Offsets(group), field, RedisKeys.LegacyOffsetField(topic, queueId)], cancellationToken)
            .ConfigureAwait(false);
        return values.Items[0].AsNullableInt64() ?? values.Items[1].AsNullableInt64();
    }

    /// <summary>One script call: the offset and the topic's index of groups, together.</summary>
    public async ValueTask CommitOffsetAsync(string broker, string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        RedisKeys.ThrowIfInvalidBroker(broker);
        await _redis.EvalAsync(RoutingScripts.CommitOffset, [_keys.Offsets(group), _keys.OffsetGroups(topic)],
            [RedisKeys.OffsetField(broker, topic, queueId), offset, group, LegacyFieldOf(broker, topic, queueId)], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<MessageQueue, long>> GetGroupOffsetsAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var pairs = await _redis.ExecuteAsync("HGETALL", [_keys.Offsets(group)], cancellationToken).ConfigureAwait(false);
        var offsets = new Dictionary<MessageQueue, long>();
        List<(MessageQueue Queue, long Offset)>? legacy = null;
        for (var i = 0; i + 1 < pairs.Items.Count; i += 2)
        {
            var (broker, topic, queueId) = RedisKeys.ParseOffsetField(pairs.Items[i].AsString()!);
            var offset = pairs.Items[i + 1].AsInt64();
            if (broker is null)
                (legacy ??= []).Add((new MessageQueue(topic, _firstBroker, queueId), offset));
            else
                offsets[new MessageQueue(topic, broker, queueId)] = offset;
        }
        // A field in the new form is newer than an older-form field of the same queue (a commit replaces the old one).
        foreach (var (queue, offset) in legacy ?? [])
            offsets.TryAdd(queue, offset);
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

    /// <summary>The older-form field a commit on the first logical broker replaces; "" (none) for the other brokers.</summary>
    private string LegacyFieldOf(string broker, string topic, int queueId)
        => broker == _firstBroker ? RedisKeys.LegacyOffsetField(topic, queueId) : "";
}
