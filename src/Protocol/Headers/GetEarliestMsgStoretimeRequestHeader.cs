namespace EventBroker.Protocol.Headers;

/// <summary>GET_EARLIEST_MSG_STORETIME (32); the spelling follows the Java class.</summary>
public sealed class GetEarliestMsgStoretimeRequestHeader
{
    public required string Topic { get; set; }
    public int QueueId { get; set; }

    public static GetEarliestMsgStoretimeRequestHeader Decode(RemotingCommand command) => new()
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
