namespace EventBroker.Protocol.Headers;

/// <summary>GET_KV_CONFIG (101).</summary>
public sealed class GetKVConfigRequestHeader
{
    public required string Namespace { get; set; }
    public required string Key { get; set; }

    public static GetKVConfigRequestHeader Decode(RemotingCommand command) => new()
    {
        Namespace = HeaderFields.RequireString(command, "namespace"),
        Key = HeaderFields.RequireString(command, "key"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "namespace", Namespace);
        HeaderFields.Put(command, "key", Key);
    }
}
