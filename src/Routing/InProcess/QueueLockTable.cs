using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Ordered-consumption queue locks (RocketMQ's RebalanceLockManager). A plain lock makes a batch atomic; it is held
/// only for dictionary work, never across an await, and lock requests come every 20 s per client, not per message.
/// </summary>
internal sealed class QueueLockTable
{
    private readonly Dictionary<(string Group, MessageQueue Queue), Holder> _locks = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public QueueLockTable(TimeProvider time) => _time = time;

    public IReadOnlyList<MessageQueue> TryLock(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, TimeSpan ttl)
    {
        var now = _time.GetUtcNow();
        var held = new List<MessageQueue>(queues.Count);
        lock (_gate)
        {
            foreach (var queue in queues)
            {
                var key = (group, queue);
                if (_locks.TryGetValue(key, out var holder) && holder.ClientId != clientId && holder.ExpiresAt > now)
                    continue;
                _locks[key] = new Holder(clientId, now + ttl);
                held.Add(queue);
            }
        }
        return held;
    }

    public void Unlock(string group, string clientId, IReadOnlyCollection<MessageQueue> queues)
    {
        lock (_gate)
        {
            foreach (var queue in queues)
            {
                var key = (group, queue);
                if (_locks.TryGetValue(key, out var holder) && holder.ClientId == clientId)
                    _locks.Remove(key);
            }
        }
    }

    private readonly record struct Holder(string ClientId, DateTimeOffset ExpiresAt);
}
