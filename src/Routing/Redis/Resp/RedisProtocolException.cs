namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// The bytes from the server are not valid RESP, or a reply arrived that no command was waiting for. Either way the
/// reply stream can no longer be matched to commands, so the connection is dropped and re-established.
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
