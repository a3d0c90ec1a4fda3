namespace EventBroker.Protocol.Headers;

/// <summary>GET_CONSUME_STATS (208); without a topic the stats cover every topic the group consumes.</summary>
public sealed class GetConsumeStatsRequestHeader
{
    public required string ConsumerGroup { get; set; }
    public string? Topic { get; set; }

    public static GetConsumeStatsRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
        Topic = HeaderFields.OptionalString(command, "topic"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
        HeaderFields.Put(command, "topic", Topic);
    }
}
