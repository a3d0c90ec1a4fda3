namespace EventBroker.Protocol.Headers;

/// <summary>QUERY_MESSAGE (12): by key, or by msgId when the ext field _UNIQUE_KEY_QUERY is true.</summary>
public sealed class QueryMessageRequestHeader
{
    public required string Topic { get; set; }
    public required string Key { get; set; }
    public int MaxNum { get; set; }
    public long BeginTimestamp { get; set; }
    public long EndTimestamp { get; set; }

    public static QueryMessageRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        Key = HeaderFields.RequireString(command, "key"),
        MaxNum = HeaderFields.RequireInt32(command, "maxNum"),
        BeginTimestamp = HeaderFields.RequireInt64(command, "beginTimestamp"),
        EndTimestamp = HeaderFields.RequireInt64(command, "endTimestamp"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "key", Key);
        HeaderFields.Put(command, "maxNum", MaxNum);
        HeaderFields.Put(command, "beginTimestamp", BeginTimestamp);
        HeaderFields.Put(command, "endTimestamp", EndTimestamp);
    }
}
