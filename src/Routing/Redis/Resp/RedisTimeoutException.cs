namespace EventBroker.Routing.Redis.Resp;

/// <summary>A command's reply did not arrive within the configured timeout (syncTimeout).</summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string endpoint, string message)
        : base(message)
    {
        Endpoint = endpoint;
    }

    public string Endpoint { get; }
}
