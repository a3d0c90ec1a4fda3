namespace EventBroker.Protocol;

/// <summary>The high byte of a frame's second word: how the header is encoded.</summary>
public enum SerializeType : byte
{
    Json = 0,
    RocketMq = 1,
}
