namespace EventBroker.Protocol.Headers;

/// <summary>DELETE_TOPIC_IN_BROKER (215) and DELETE_TOPIC_IN_NAMESRV (216).</summary>
public sealed class DeleteTopicRequestHeader
{
    public required string Topic { get; set; }

    public static DeleteTopicRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
    }
}
