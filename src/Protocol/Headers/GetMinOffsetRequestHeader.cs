namespace EventBroker.Protocol.Headers;

/// <summary>GET_MIN_OFFSET (31).</summary>
public sealed class GetMinOffsetRequestHeader
{
    public required string Topic { get; set; }
    public int QueueId { get; set; }

    public static GetMinOffsetRequestHeader Decode(RemotingCommand command) => new()
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
