using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Redis;

/// <summary>
/// The store's way to Redis: every failure of the client becomes a <see cref="RoutingUnavailableException"/> that
/// says which Redis and why, the one exception the gateway maps to SERVICE_NOT_AVAILABLE. Cancellation and
/// disposal pass through unchanged.
/// </summary>
internal sealed class RoutingRedis
{
    private readonly RedisConnection _connection;

    public RoutingRedis(RedisConnection connection) => _connection = connection;

    public string Endpoint => _connection.Endpoint;

    public async ValueTask<RedisValue> ExecuteAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.ExecuteAsync(command, args, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
    }

    public async ValueTask<RedisValue> EvalAsync(RedisScript script, RedisArg[] keys, RedisArg[] args, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.EvalAsync(script, keys, args, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
    }

    public RoutingUnavailableException Unavailable(RedisException exception) => exception switch
    {
        // The client's connection and timeout messages already read "Redis at host:port is unreachable: why".
        RedisConnectionException or RedisTimeoutException => new RoutingUnavailableException(exception.Message, exception),
        RedisServerException server => new RoutingUnavailableException($"Redis at {Endpoint} refused {server.Command}: {server.Error}", exception),
        _ => new RoutingUnavailableException($"Redis at {Endpoint} is unusable: {exception.Message}", exception),
    };
}
