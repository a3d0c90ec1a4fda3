namespace EventBroker.Routing.Redis.Resp;

/// <summary>The reply protocol to speak; by default RESP3 when the server has HELLO, else RESP2.</summary>
public enum RedisProtocol
{
    Resp2 = 2,
    Resp3 = 3,
}
