namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Redis could not be reached, or the connection broke while the command waited for its reply. The message names
/// the endpoint and the reason; the client reconnects by itself in the background.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>host:port of the server (or the configured endpoints when none was reached).</summary>
    public string Endpoint { get; }
}
