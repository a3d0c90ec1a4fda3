namespace EventBroker.Protocol.Headers;

/// <summary>The QUERY_CONSUMER_OFFSET response; absent when the answer is 22 QUERY_NOT_FOUND.</summary>
public sealed class QueryConsumerOffsetResponseHeader
{
    public long Offset { get; set; }

    public static QueryConsumerOffsetResponseHeader Decode(RemotingCommand command) => new()
    {
        Offset = HeaderFields.RequireInt64(command, "offset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "offset", Offset);
    }
}
