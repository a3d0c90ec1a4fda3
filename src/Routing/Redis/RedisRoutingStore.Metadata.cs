using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

// Topic and subscription-group configs (one hash each, JSON per name) and the name-server kv config (a hash per namespace).
public sealed partial class RedisRoutingStore
{
    /// <summary>One HGET.</summary>
    public ValueTask<TopicConfig?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _topics.GetAsync(topic, cancellationToken);
    }

    /// <summary>Ordered by name (ordinal).</summary>
    public ValueTask<IReadOnlyList<TopicConfig>> GetTopicsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _topics.GetAllAsync(cancellationToken);
    }

    public ValueTask PutTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        return _topics.PutAsync(config, cancellationToken);
    }

    /// <summary>Atomic on the server (HSETNX in a script), so gateways auto-creating a topic at once agree on one config.</summary>
    public ValueTask<TopicConfig> GetOrAddTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        return _topics.GetOrAddAsync(config, cancellationToken);
    }

    public ValueTask<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _topics.DeleteAsync(topic, cancellationToken);
    }

    public ValueTask<SubscriptionGroupConfig?> GetGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _groups.GetAsync(group, cancellationToken);
    }

    /// <summary>Ordered by name (ordinal).</summary>
    public ValueTask<IReadOnlyList<SubscriptionGroupConfig>> GetGroupsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _groups.GetAllAsync(cancellationToken);
    }

    public ValueTask PutGroupAsync(SubscriptionGroupConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        return _groups.PutAsync(config, cancellationToken);
    }

    public ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _groups.DeleteAsync(group, cancellationToken);
    }

    public async ValueTask<string?> GetKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return (await _redis.ExecuteAsync("HGET", [_keys.Kv(ns), key], cancellationToken).ConfigureAwait(false)).AsString();
    }

    public async ValueTask PutKvConfigAsync(string ns, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        await _redis.ExecuteAsync("HSET", [_keys.Kv(ns), key, value], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return (await _redis.ExecuteAsync("HDEL", [_keys.Kv(ns), key], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
    }
}
