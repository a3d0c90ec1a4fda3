namespace EventBroker.Protocol.Headers;

/// <summary>The PULL_MESSAGE response, sent with every pull status (found, not found, retry, offset moved).</summary>
public sealed class PullMessageResponseHeader
{
    public long SuggestWhichBrokerId { get; set; }
    public long NextBeginOffset { get; set; }
    public long MinOffset { get; set; }
    public long MaxOffset { get; set; }

    public static PullMessageResponseHeader Decode(RemotingCommand command) => new()
    {
        SuggestWhichBrokerId = HeaderFields.RequireInt64(command, "suggestWhichBrokerId"),
        NextBeginOffset = HeaderFields.RequireInt64(command, "nextBeginOffset"),
        MinOffset = HeaderFields.RequireInt64(command, "minOffset"),
        MaxOffset = HeaderFields.RequireInt64(command, "maxOffset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "suggestWhichBrokerId", SuggestWhichBrokerId);
        HeaderFields.Put(command, "nextBeginOffset", NextBeginOffset);
        HeaderFields.Put(command, "minOffset", MinOffset);
        HeaderFields.Put(command, "maxOffset", MaxOffset);
    }
}
