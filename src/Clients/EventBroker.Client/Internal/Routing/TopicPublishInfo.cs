using EventBroker.Protocol.Bodies;

namespace EventBroker.Client.Internal.Routing;

/// <summary>
/// A topic's writable queues as a producer sees them (TopicPublishInfo.java), with the round-robin counter that picks
/// the next queue.
/// </summary>
internal sealed class TopicPublishInfo
{
    private int _sendWhichQueue = Random.Shared.Next();

    public TopicPublishInfo(string topic, IReadOnlyList<MessageQueue> queues, bool orderTopic)
    {
        Topic = topic;
        Queues = queues;
        OrderTopic = orderTopic;
    }

    public string Topic { get; }

    public IReadOnlyList<MessageQueue> Queues { get; }

    public bool OrderTopic { get; }

    public bool IsUsable => Queues.Count > 0;

    public int NextIndex() => Interlocked.Increment(ref _sendWhichQueue);

    /// <summary>The next queue round-robin; on a retry, the next one not on <paramref name="lastBrokerName"/> if any.</summary>
    public MessageQueue SelectOne(string? lastBrokerName)
    {
        if (lastBrokerName is not null)
        {
            for (var i = 0; i < Queues.Count; i++)
            {
                var queue = Queues[Index(NextIndex())];
                if (!string.Equals(queue.BrokerName, lastBrokerName, StringComparison.Ordinal))
                {
                    return queue;
                }
            }
        }
        return Queues[Index(NextIndex())];
    }

    public int Index(int counter) => (int)(Math.Abs((long)counter) % Queues.Count);

    public int WriteQueueCount(string brokerName)
    {
        var count = 0;
        foreach (var queue in Queues)
        {
            if (string.Equals(queue.BrokerName, brokerName, StringComparison.Ordinal))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// topicRouteData2TopicPublishInfo: an ordered topic's queues come from orderTopicConf ("broker-a:4;broker-b:4"),
    /// otherwise every writable queue of every broker that has a master, brokers in name order.
    /// </summary>
    public static TopicPublishInfo FromRoute(string topic, TopicRouteData route)
    {
        var queues = new List<MessageQueue>();
        if (!string.IsNullOrEmpty(route.OrderTopicConf))
        {
            foreach (var entry in route.OrderTopicConf.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(':');
                if (parts.Length == 2 && int.TryParse(parts[1], out var count))
                {
                    for (var i = 0; i < count; i++)
                    {
                        queues.Add(new MessageQueue(topic, parts[0], i));
                    }
                }
            }
            return new TopicPublishInfo(topic, queues, orderTopic: true);
        }
        foreach (var queueData in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
        {
            if (!Perm.IsWriteable(queueData.Perm) || !HasMaster(route, queueData.BrokerName))
            {
                continue;
            }
            for (var i = 0; i < queueData.WriteQueueNums; i++)
            {
                queues.Add(new MessageQueue(topic, queueData.BrokerName, i));
            }
        }
        return new TopicPublishInfo(topic, queues, orderTopic: false);
    }

    /// <summary>topicRouteData2TopicSubscribeInfo: every readable queue.</summary>
    public static IReadOnlyList<MessageQueue> SubscribeQueues(string topic, TopicRouteData route)
    {
        var queues = new List<MessageQueue>();
        foreach (var queueData in route.QueueDatas)
        {
            if (!Perm.IsReadable(queueData.Perm))
            {
                continue;
            }
            for (var i = 0; i < queueData.ReadQueueNums; i++)
            {
                queues.Add(new MessageQueue(topic, queueData.BrokerName, i));
            }
        }
        queues.Sort();
        return queues;
    }

    private static bool HasMaster(TopicRouteData route, string brokerName)
    {
        foreach (var broker in route.BrokerDatas)
        {
            if (string.Equals(broker.BrokerName, brokerName, StringComparison.Ordinal))
            {
                return broker.BrokerAddrs.ContainsKey(0);
            }
        }
        return false;
    }
}
