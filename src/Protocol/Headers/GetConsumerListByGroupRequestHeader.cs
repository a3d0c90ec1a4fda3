namespace EventBroker.Protocol.Headers;

/// <summary>GET_CONSUMER_LIST_BY_GROUP (38).</summary>
public sealed class GetConsumerListByGroupRequestHeader
{
    public required string ConsumerGroup { get; set; }

    public static GetConsumerListByGroupRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
    }
}
