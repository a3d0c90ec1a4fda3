namespace EventBroker.Protocol.Headers;

/// <summary>QUERY_CONSUMER_OFFSET (14): the committed offset of a group on one queue.</summary>
public sealed class QueryConsumerOffsetRequestHeader
{
    public required string ConsumerGroup { get; set; }
    public required string Topic { get; set; }
    public int QueueId { get; set; }

    public static QueryConsumerOffsetRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
        Topic = HeaderFields.RequireString(command, "topic"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "queueId", QueueId);
    }
}
