namespace EventBroker.Routing.Redis.Resp;

/// <summary>Base of every failure the Redis client reports, so callers can catch "Redis failed" in one place.</summary>
public abstract class RedisException : Exception
{
    protected RedisException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
