namespace EventBroker.Protocol.Headers;

/// <summary>The GET_KV_CONFIG response; 22 QUERY_NOT_FOUND carries no value.</summary>
public sealed class GetKVConfigResponseHeader
{
    public string? Value { get; set; }

    public static GetKVConfigResponseHeader Decode(RemotingCommand command) => new()
    {
        Value = HeaderFields.OptionalString(command, "value"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "value", Value);
    }
}
