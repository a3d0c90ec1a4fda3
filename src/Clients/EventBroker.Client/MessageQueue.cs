namespace EventBroker.Client;

/// <summary>
/// One queue of a topic on one broker. Ordered like Java's MessageQueue.compareTo (topic, broker name, queue id,
/// ordinal string order), which is the order rebalancing sorts queues in before allocating them.
/// </summary>
public sealed record MessageQueue(string Topic, string BrokerName, int QueueId) : IComparable<MessageQueue>
{
    public int CompareTo(MessageQueue? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byTopic = string.CompareOrdinal(Topic, other.Topic);
        if (byTopic != 0)
        {
            return byTopic;
        }
        var byBroker = string.CompareOrdinal(BrokerName, other.BrokerName);
        return byBroker != 0 ? byBroker : QueueId.CompareTo(other.QueueId);
    }

    /// <summary>Java's MessageQueue.toString(): the text AllocateMessageQueueConsistentHash hashes.</summary>
    public override string ToString() => $"MessageQueue [topic={Topic}, brokerName={BrokerName}, queueId={QueueId}]";
}
