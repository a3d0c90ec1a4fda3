namespace EventBroker.Protocol.Headers;

/// <summary>SEARCH_OFFSET_BY_TIMESTAMP (29).</summary>
public sealed class SearchOffsetRequestHeader
{
    public required string Topic { get; set; }
    public int QueueId { get; set; }
    public long Timestamp { get; set; }

    public static SearchOffsetRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
        Timestamp = HeaderFields.RequireInt64(command, "timestamp"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "queueId", QueueId);
        HeaderFields.Put(command, "timestamp", Timestamp);
    }
}
