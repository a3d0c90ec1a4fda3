namespace EventBroker.Protocol.Json;

/// <summary>A remoting body that fastjson (de)serializes: written field by field, read from a parsed node.</summary>
public interface IFastJsonBody<TSelf>
    where TSelf : IFastJsonBody<TSelf>
{
    void WriteJson(FastJsonWriter writer);

    static abstract TSelf FromNode(FastJsonNode node);
}
