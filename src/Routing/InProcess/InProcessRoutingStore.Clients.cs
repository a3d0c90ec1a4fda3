using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

// Producer and consumer membership. LastSeen is stamped from the store's clock, whatever the caller set.
public sealed partial class InProcessRoutingStore
{
    /// <summary>
    /// True only when the client id is new to the group: that is when RocketMQ notifies the other members to
    /// rebalance. A heartbeat that changes only the subscriptions returns false; the new subscriptions are stored.
    /// </summary>
    public ValueTask<bool> RegisterConsumerAsync(ClientRegistration client, ConsumerData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(data.GroupName, nameof(data));
        ThrowIfDisposed();
        var member = new ConsumerMember(Stamp(client), ConsumerDataCopier.Copy(data));
        return new(_consumers.Upsert(data.GroupName, client.ClientId, member));
    }

    public ValueTask<bool> UnregisterConsumerAsync(string group, string clientId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return new(_consumers.Remove(group, clientId));
    }

    /// <summary>Members ordered by client id (ordinal), each with its own copy of the consumer data.</summary>
    public ValueTask<IReadOnlyList<ConsumerMember>> GetConsumersAsync(string group, CancellationToken cancellationToken = default)
        => new(_consumers.Get(group).Select(m => m with { Data = ConsumerDataCopier.Copy(m.Data) }).ToList());

    public ValueTask<IReadOnlyList<string>> GetConsumerGroupsAsync(CancellationToken cancellationToken = default)
        => new(_consumers.Groups());

    public ValueTask RegisterProducerAsync(ClientRegistration client, string group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ThrowIfDisposed();
        _producers.Upsert(group, client.ClientId, Stamp(client));
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> UnregisterProducerAsync(string group, string clientId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return new(_producers.Remove(group, clientId));
    }

    /// <summary>Members ordered by client id (ordinal).</summary>
    public ValueTask<IReadOnlyList<ClientRegistration>> GetProducersAsync(string group, CancellationToken cancellationToken = default)
        => new(_producers.Get(group));

    public ValueTask<IReadOnlyList<string>> GetProducerGroupsAsync(CancellationToken cancellationToken = default)
        => new(_producers.Groups());

    /// <summary>
    /// Drops producers and consumers last seen more than ClientExpiry before <paramref name="now"/> (RocketMQ:
    /// strictly longer than the expiry); returns the consumer groups that lost a member, ordered by name.
    /// Members are only dropped here: until the next sweep a silent client is still listed, as in RocketMQ.
    /// </summary>
    public ValueTask<IReadOnlyList<string>> ExpireClientsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var cutoff = now - _clientExpiry;
        _producers.Expire(cutoff);
        return new(_consumers.Expire(cutoff));
    }

    private ClientRegistration Stamp(ClientRegistration client) => client with { LastSeen = _time.GetUtcNow() };
}
