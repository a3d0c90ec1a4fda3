using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

// Gateway liveness, queue locks, leases and pub/sub: all time-based state follows the store's TimeProvider.
public sealed partial class InProcessRoutingStore
{
    /// <summary>LastSeen is set from the store's clock; the record is invisible once <paramref name="ttl"/> has passed without a refresh.</summary>
    public ValueTask RegisterGatewayAsync(GatewayRecord gateway, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        _gateways.Register(gateway, ttl);
        return ValueTask.CompletedTask;
    }

    public ValueTask UnregisterGatewayAsync(string gatewayId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _gateways.Unregister(gatewayId);
        return ValueTask.CompletedTask;
    }

    /// <summary>Live gateways ordered by id (ordinal).</summary>
    public ValueTask<IReadOnlyList<GatewayRecord>> GetLiveGatewaysAsync(CancellationToken cancellationToken = default)
        => new(_gateways.GetLive());

    /// <summary>The whole batch is decided atomically; the result keeps the order of <paramref name="queues"/>.</summary>
    public ValueTask<IReadOnlyList<MessageQueue>> TryLockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        return new(_queueLocks.TryLock(group, clientId, queues, ttl));
    }

    /// <summary>Releases only the queues <paramref name="clientId"/> holds; other holders' locks are left alone.</summary>
    public ValueTask UnlockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ThrowIfDisposed();
        _queueLocks.Unlock(group, clientId, queues);
        return ValueTask.CompletedTask;
    }

    /// <summary>Renewing a live lease keeps its token; a new holder, or the same holder after expiry or release, gets a larger one.</summary>
    public ValueTask<long?> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        return new(_leases.TryAcquire(name, holder, ttl));
    }

    public ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _leases.Release(name, holder);
        return ValueTask.CompletedTask;
    }

    /// <summary>Queues the message for this node's subscribers and returns; see <see cref="SubscribeAsync"/> for delivery.</summary>
    public ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _bus.Publish(channel, message);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Handlers run on one dispatcher task (a thread-pool thread), never on the publisher's thread, one message at a
    /// time in publish order. A handler that throws is logged and the others still get the message.
    /// Disposing the subscription stops deliveries not yet started.
    /// </summary>
    public ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfDisposed();
        return new(_bus.Subscribe(channel, handler));
    }
}
