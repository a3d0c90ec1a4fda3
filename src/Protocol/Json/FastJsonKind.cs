namespace EventBroker.Protocol.Json;

public enum FastJsonKind
{
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}
