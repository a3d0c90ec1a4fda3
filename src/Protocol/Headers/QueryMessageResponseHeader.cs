namespace EventBroker.Protocol.Headers;

/// <summary>The QUERY_MESSAGE response.</summary>
public sealed class QueryMessageResponseHeader
{
    public long IndexLastUpdateTimestamp { get; set; }
    public long IndexLastUpdatePhyoffset { get; set; }

    public static QueryMessageResponseHeader Decode(RemotingCommand command) => new()
    {
        IndexLastUpdateTimestamp = HeaderFields.RequireInt64(command, "indexLastUpdateTimestamp"),
        IndexLastUpdatePhyoffset = HeaderFields.RequireInt64(command, "indexLastUpdatePhyoffset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "indexLastUpdateTimestamp", IndexLastUpdateTimestamp);
        HeaderFields.Put(command, "indexLastUpdatePhyoffset", IndexLastUpdatePhyoffset);
    }
}
