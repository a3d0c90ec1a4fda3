namespace EventBroker.Protocol.Headers;

/// <summary>UPDATE_CONSUMER_OFFSET (15), usually sent oneway by Java and C++.</summary>
public sealed class UpdateConsumerOffsetRequestHeader
{
    public required string ConsumerGroup { get; set; }
    public required string Topic { get; set; }
    public int QueueId { get; set; }
    public long CommitOffset { get; set; }

    public static UpdateConsumerOffsetRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
        Topic = HeaderFields.RequireString(command, "topic"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
        CommitOffset = HeaderFields.RequireInt64(command, "commitOffset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "queueId", QueueId);
        HeaderFields.Put(command, "commitOffset", CommitOffset);
    }
}
