using System.Text.Json;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Redis;

// Gateway liveness, queue locks and leases. Each keeps its expiry (store clock) in the value and is decided by a
// script, so two gateways racing for a lock or lease cannot both win.
public sealed partial class RedisRoutingStore
{
    /// <summary>LastSeen and the expiry come from the store's clock; the record also gets a Redis TTL of twice <paramref name="ttl"/> as a safety net.</summary>
    public async ValueTask RegisterGatewayAsync(GatewayRecord gateway, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentException.ThrowIfNullOrEmpty(gateway.GatewayId, nameof(gateway));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        var now = Now;
        var stored = new StoredGateway(gateway with { LastSeen = now }, now + ttl);
        await _redis.EvalAsync(RoutingScripts.RegisterGateway, [_keys.Gateway(gateway.GatewayId), _keys.GatewayIds],
            [JsonSerializer.SerializeToUtf8Bytes(stored, RedisJsonContext.Default.StoredGateway), RedisClock.SafetyTtlMs(ttl), gateway.GatewayId],
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UnregisterGatewayAsync(string gatewayId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _redis.EvalAsync(RoutingScripts.UnregisterGateway, [_keys.Gateway(gatewayId), _keys.GatewayIds], [gatewayId], cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Gateways whose expiry is still ahead by the store's clock, ordered by id (ordinal).</summary>
    public async ValueTask<IReadOnlyList<GatewayRecord>> GetLiveGatewaysAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var records = await _redis.EvalAsync(RoutingScripts.ListGateways, [_keys.GatewayIds], [_keys.GatewayPrefix], cancellationToken).ConfigureAwait(false);
        var now = Now;
        return records.Items
            .Select(r => JsonSerializer.Deserialize(r.Bytes.Span, RedisJsonContext.Default.StoredGateway)!)
            .Where(g => g.ExpiresAt > now)
            .Select(g => g.Record)
            .OrderBy(g => g.GatewayId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The whole batch is one script; the result keeps the order of <paramref name="queues"/>.</summary>
    public async ValueTask<IReadOnlyList<MessageQueue>> TryLockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        if (queues.Count == 0)
            return [];
        var ordered = queues.ToList();
        var now = Now;
        RedisArg[] args = [clientId, RedisClock.MicrosText(now), RedisClock.MicrosText(now + ttl), RedisClock.SafetyTtlMs(ttl), .. ordered.Select(q => (RedisArg)RedisKeys.LockField(q))];
        var held = await _redis.EvalAsync(RoutingScripts.LockQueues, [_keys.Locks(group)], args, cancellationToken).ConfigureAwait(false);
        return held.Items.Select(position => ordered[(int)position.AsInt64() - 1]).ToList();
    }

    /// <summary>Releases only the queues <paramref name="clientId"/> holds.</summary>
    public async ValueTask UnlockQueuesAsync(string group, string clientId, IReadOnlyCollection<MessageQueue> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ThrowIfDisposed();
        if (queues.Count == 0)
            return;
        RedisArg[] args = [clientId, .. queues.Select(q => (RedisArg)RedisKeys.LockField(q))];
        await _redis.EvalAsync(RoutingScripts.UnlockQueues, [_keys.Locks(group)], args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renewing a live lease keeps its token; a new holder, or the same holder after expiry or release, gets the
    /// next value of a counter that outlives the lease (INCR), so tokens only grow while Redis keeps its data.
    /// </summary>
    public async ValueTask<long?> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        var now = Now;
        var token = await _redis.EvalAsync(RoutingScripts.AcquireLease, [_keys.Lease(name), _keys.LeaseToken(name)],
            [holder, RedisClock.MicrosText(now), RedisClock.MicrosText(now + ttl), RedisClock.SafetyTtlMs(ttl)], cancellationToken).ConfigureAwait(false);
        return token.AsNullableInt64();
    }

    /// <summary>Only the holder's release counts.</summary>
    public async ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _redis.EvalAsync(RoutingScripts.ReleaseLease, [_keys.Lease(name)], [holder], cancellationToken).ConfigureAwait(false);
    }
}
