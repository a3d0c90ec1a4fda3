namespace EventBroker.Protocol.Headers;

/// <summary>NOTIFY_CONSUMER_IDS_CHANGED (40), sent oneway by the broker to make clients rebalance.</summary>
public sealed class NotifyConsumerIdsChangedRequestHeader
{
    public required string ConsumerGroup { get; set; }

    public static NotifyConsumerIdsChangedRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
    }
}
