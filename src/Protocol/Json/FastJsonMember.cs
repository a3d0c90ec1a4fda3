namespace EventBroker.Protocol.Json;

/// <summary>One entry of a JSON object. The key is a node because fastjson keys may be numbers or whole objects.</summary>
public readonly record struct FastJsonMember(FastJsonNode Key, FastJsonNode Value)
{
    /// <summary>The key as text: a string key as is, a number key as written, an object key as compact JSON.</summary>
    public string Name => Key.GetString() ?? "null";
}
