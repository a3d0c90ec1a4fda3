namespace EventBroker.Protocol.Headers;

/// <summary>GET_ROUTEINFO_BY_TOPIC (105). AcceptStandardJsonOnly asks for quoted brokerAddrs keys regardless of version.</summary>
public sealed class GetRouteInfoRequestHeader
{
    public required string Topic { get; set; }
    public bool? AcceptStandardJsonOnly { get; set; }

    public static GetRouteInfoRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        AcceptStandardJsonOnly = HeaderFields.OptionalBoolean(command, "acceptStandardJsonOnly"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "acceptStandardJsonOnly", AcceptStandardJsonOnly);
    }
}
