namespace EventBroker.Protocol.Headers;

/// <summary>GET_TOPICS_BY_CLUSTER (224).</summary>
public sealed class GetTopicsByClusterRequestHeader
{
    public required string Cluster { get; set; }

    public static GetTopicsByClusterRequestHeader Decode(RemotingCommand command) => new()
    {
        Cluster = HeaderFields.RequireString(command, "cluster"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "cluster", Cluster);
    }
}
