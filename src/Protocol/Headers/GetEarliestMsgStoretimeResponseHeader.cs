namespace EventBroker.Protocol.Headers;

/// <summary>The GET_EARLIEST_MSG_STORETIME response.</summary>
public sealed class GetEarliestMsgStoretimeResponseHeader
{
    public long Timestamp { get; set; }

    public static GetEarliestMsgStoretimeResponseHeader Decode(RemotingCommand command) => new()
    {
        Timestamp = HeaderFields.RequireInt64(command, "timestamp"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "timestamp", Timestamp);
    }
}
