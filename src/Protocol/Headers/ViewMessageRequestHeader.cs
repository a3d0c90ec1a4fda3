namespace EventBroker.Protocol.Headers;

/// <summary>VIEW_MESSAGE_BY_ID (33): Offset is the commit-log offset decoded from an offsetMsgId.</summary>
public sealed class ViewMessageRequestHeader
{
    public long Offset { get; set; }

    public static ViewMessageRequestHeader Decode(RemotingCommand command) => new()
    {
        Offset = HeaderFields.RequireInt64(command, "offset"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "offset", Offset);
    }
}
