namespace EventBroker.Protocol.Headers;

/// <summary>The response of GET_MAX_OFFSET, GET_MIN_OFFSET and SEARCH_OFFSET_BY_TIMESTAMP: three Java classes with the same single field.</summary>
public sealed class OffsetResponseHeader
{
    public long Offset { get; set; }

    public static OffsetResponseHeader Decode(RemotingCommand command) => new()
    {
        Offset = HeaderFields.RequireInt64(command, "offset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "offset", Offset);
    }
}
