namespace EventBroker.Protocol.Headers;

/// <summary>GET_TOPIC_STATS_INFO (202).</summary>
public sealed class GetTopicStatsInfoRequestHeader
{
    public required string Topic { get; set; }

    public static GetTopicStatsInfoRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
    }
}
