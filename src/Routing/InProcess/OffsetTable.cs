using System.Collections.Concurrent;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Committed consumer offsets. One flat map keyed by (broker, group, topic, queue) keeps the hot path to a single
/// lookup and makes deletes race-free; listings scan it, which is fine for admin calls.
/// </summary>
internal sealed class OffsetTable
{
    private readonly ConcurrentDictionary<OffsetKey, long> _offsets = new();
    private int _dirty;

    public long? Get(string broker, string group, string topic, int queueId)
        => _offsets.TryGetValue(new OffsetKey(broker, group, topic, queueId), out var offset) ? offset : null;

    public void Commit(string broker, string group, string topic, int queueId, long offset)
    {
        _offsets[new OffsetKey(broker, group, topic, queueId)] = offset;
        // Written after the value (release order), so a flush that clears the flag first sees this commit or flushes again.
        Volatile.Write(ref _dirty, 1);
    }

    public IReadOnlyDictionary<MessageQueue, long> GetGroup(string group)
    {
        var result = new Dictionary<MessageQueue, long>();
        foreach (var (key, offset) in _offsets)
        {
            if (key.Group == group)
                result[new MessageQueue(key.Topic, key.Broker, key.QueueId)] = offset;
        }
        return result;
    }

    public IReadOnlyList<string> GroupsOn(string topic)
        => _offsets.Keys.Where(key => key.Topic == topic).Select(key => key.Group).Distinct().Order(StringComparer.Ordinal).ToList();

    public void Delete(string group, string? topic)
    {
        var removed = false;
        foreach (var key in _offsets.Keys)
        {
            if (key.Group == group && (topic is null || key.Topic == topic))
                removed |= _offsets.TryRemove(key, out _);
        }
        if (removed)
            Volatile.Write(ref _dirty, 1);
    }

    public void Load(IEnumerable<KeyValuePair<OffsetKey, long>> offsets)
    {
        foreach (var (key, offset) in offsets)
            _offsets[key] = offset;
    }

    /// <summary>Clears the dirty flag and reports whether it was set; the caller then snapshots and writes.</summary>
    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    /// <summary>Sets the flag again after a failed write so the next flush retries.</summary>
    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public IReadOnlyList<KeyValuePair<OffsetKey, long>> Snapshot() => _offsets.ToArray();
}

internal readonly record struct OffsetKey(string Broker, string Group, string Topic, int QueueId);
