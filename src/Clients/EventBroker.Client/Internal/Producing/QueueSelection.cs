using EventBroker.Client.Internal.Routing;

namespace EventBroker.Client.Internal.Producing;

/// <summary>
/// MQFaultStrategy.selectOneMessageQueue: with fault avoidance on, the next queue round-robin whose broker is
/// available (and, on a retry, is not the broker that just failed); when none is, the least bad broker. With it off,
/// plain round-robin that still skips the broker that just failed.
/// </summary>
internal sealed class QueueSelection
{
    private readonly LatencyFaultTolerance _faults;
    private readonly bool _enabled;

    public QueueSelection(LatencyFaultTolerance faults, bool enabled)
    {
        _faults = faults;
        _enabled = enabled;
    }

    public LatencyFaultTolerance Faults => _faults;

    public MessageQueue Select(TopicPublishInfo info, string? lastBrokerName)
    {
        if (!_enabled)
        {
            return info.SelectOne(lastBrokerName);
        }
        var index = info.NextIndex();
        for (var i = 0; i < info.Queues.Count; i++)
        {
            var queue = info.Queues[info.Index(index++)];
            if (_faults.IsAvailable(queue.BrokerName)
                && (lastBrokerName is null || !string.Equals(queue.BrokerName, lastBrokerName, StringComparison.Ordinal)))
            {
                return queue;
            }
        }
        var notBest = _faults.PickOneAtLeast();
        if (notBest is not null)
        {
            var writeQueues = info.WriteQueueCount(notBest);
            if (writeQueues > 0)
            {
                return new MessageQueue(info.Topic, notBest, (int)((uint)info.NextIndex() % (uint)writeQueues));
            }
            _faults.Remove(notBest);
        }
        return info.SelectOne(lastBrokerName);
    }

    /// <summary>updateFaultItem: a no-op when fault avoidance is off, as in Java.</summary>
    public void Record(string brokerName, long latencyMillis, bool isolation)
    {
        if (_enabled)
        {
            _faults.Update(brokerName, latencyMillis, isolation);
        }
    }
}
