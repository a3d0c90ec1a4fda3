using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Redis;

// Messages between gateways: Redis channels under the key prefix. Delivery is at-most-once, as Redis pub/sub is:
// a gateway disconnected from Redis misses what was published meanwhile, so receivers treat these as hints
// (rebalance now, look for new messages now) next to the periodic work that does not depend on them.
public sealed partial class RedisRoutingStore
{
    /// <summary>One PUBLISH on the command connection; the bytes are copied before this returns.</summary>
    public async ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ThrowIfDisposed();
        await _redis.ExecuteAsync("PUBLISH", [_keys.Channel(channel), message], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Handlers run on the subscriber's dispatcher task, one message at a time in arrival order, never on the socket
    /// reader; a handler that throws is logged. Returns once Redis has confirmed the subscription. After a lost
    /// connection the subscription is restored by itself.
    /// </summary>
    public async ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfDisposed();
        try
        {
            return await _subscriber.SubscribeAsync(_keys.Channel(channel), handler, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw _redis.Unavailable(ex);
        }
    }
}
