namespace EventBroker.Protocol.Headers;

/// <summary>
/// INVOKE_BROKER_TO_RESET_OFFSET (222, mqadmin resetOffsetByTime) and RESET_CONSUMER_CLIENT_OFFSET (220): the group's
/// offsets on the topic move to <see cref="Timestamp"/> (ms since the epoch; -1 = the max offset).
/// </summary>
public sealed class ResetOffsetRequestHeader
{
    public required string Topic { get; set; }
    public required string Group { get; set; }
    public long Timestamp { get; set; }
    public bool IsForce { get; set; }

    public static ResetOffsetRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        Group = HeaderFields.RequireString(command, "group"),
        Timestamp = HeaderFields.RequireInt64(command, "timestamp"),
        IsForce = HeaderFields.RequireBoolean(command, "isForce"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "group", Group);
        HeaderFields.Put(command, "timestamp", Timestamp);
        HeaderFields.Put(command, "isForce", IsForce);
    }
}
