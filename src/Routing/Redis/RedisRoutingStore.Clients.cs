using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

// Producer and consumer membership. LastSeen is stamped from the store's clock, whatever the caller set, and the
// expiry sweep judges it by that clock; the members' Redis TTL is only a safety net for groups nobody sweeps.
public sealed partial class RedisRoutingStore
{
    /// <summary>True only when the client id is new to the group (RocketMQ then tells the members to rebalance).</summary>
    public ValueTask<bool> RegisterConsumerAsync(ClientRegistration client, ConsumerData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(data.GroupName, nameof(data));
        ThrowIfDisposed();
        var now = Now;
        return _consumers.UpsertAsync(data.GroupName, new ConsumerMember(client with { LastSeen = now }, data), now, cancellationToken);
    }

    public ValueTask<bool> UnregisterConsumerAsync(string group, string clientId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _consumers.RemoveAsync(group, clientId, cancellationToken);
    }

    /// <summary>Members ordered by client id (ordinal); each read decodes fresh copies.</summary>
    public ValueTask<IReadOnlyList<ConsumerMember>> GetConsumersAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _consumers.GetAsync(group, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> GetConsumerGroupsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _consumers.GroupsAsync(cancellationToken);
    }

    public async ValueTask RegisterProducerAsync(ClientRegistration client, string group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ThrowIfDisposed();
        var now = Now;
        await _producers.UpsertAsync(group, client with { LastSeen = now }, now, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> UnregisterProducerAsync(string group, string clientId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _producers.RemoveAsync(group, clientId, cancellationToken);
    }

    /// <summary>Members ordered by client id (ordinal).</summary>
    public ValueTask<IReadOnlyList<ClientRegistration>> GetProducersAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _producers.GetAsync(group, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> GetProducerGroupsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _producers.GroupsAsync(cancellationToken);
    }

    /// <summary>
    /// Drops producers and consumers last seen more than ClientExpiry before <paramref name="now"/>; returns the
    /// consumer groups that lost a member, ordered by name. Any gateway may sweep: each member is dropped once, by
    /// a script, so concurrent sweeps report each lost member's group once between them.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> ExpireClientsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var cutoff = now - _clientExpiry;
        // Both sweeps are pipelined on the connection; WhenAll observes a failure of either.
        var producers = _producers.ExpireAsync(cutoff, cancellationToken).AsTask();
        var consumers = _consumers.ExpireAsync(cutoff, cancellationToken).AsTask();
        await Task.WhenAll(producers, consumers).ConfigureAwait(false);
        return await consumers.ConfigureAwait(false);
    }
}
