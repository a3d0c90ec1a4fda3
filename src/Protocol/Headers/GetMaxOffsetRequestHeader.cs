namespace EventBroker.Protocol.Headers;

/// <summary>GET_MAX_OFFSET (30): the next offset to be written to a queue.</summary>
public sealed class GetMaxOffsetRequestHeader
{
    public required string Topic { get; set; }
    public int QueueId { get; set; }

    public static GetMaxOffsetRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "queueId", QueueId);
    }
}
