using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

// Topic and subscription-group configs and the name server's kv config: stored and returned as copies.
public sealed partial class InProcessRoutingStore
{
    public ValueTask<TopicConfig?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
        => new(_topics.Get(topic));

    public ValueTask<IReadOnlyList<TopicConfig>> GetTopicsAsync(CancellationToken cancellationToken = default)
        => new(_topics.GetAll());

    public ValueTask PutTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        _topics.Put(config);
        return Persisted();
    }

    public ValueTask<TopicConfig> GetOrAddTopicAsync(TopicConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        var result = _topics.GetOrAdd(config);
        return _persister is null ? new(result) : AfterPersisted(result);
    }

    public ValueTask<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return AfterPersisted(_topics.Delete(topic));
    }

    public ValueTask<SubscriptionGroupConfig?> GetGroupAsync(string group, CancellationToken cancellationToken = default)
        => new(_groups.Get(group));

    public ValueTask<IReadOnlyList<SubscriptionGroupConfig>> GetGroupsAsync(CancellationToken cancellationToken = default)
        => new(_groups.GetAll());

    public ValueTask PutGroupAsync(SubscriptionGroupConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        _groups.Put(config);
        return Persisted();
    }

    public ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return AfterPersisted(_groups.Delete(group));
    }

    public ValueTask<string?> GetKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default)
        => new(_kv.Get(ns, key));

    public ValueTask PutKvConfigAsync(string ns, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        _kv.Put(ns, key, value);
        return Persisted();
    }

    public ValueTask<bool> DeleteKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return AfterPersisted(_kv.Delete(ns, key));
    }

    // Metadata changes complete once they are on disk (memory-only stores complete at once).
    private ValueTask Persisted() => _persister is null ? ValueTask.CompletedTask : new(_persister.WhenPersistedAsync());

    private async ValueTask<T> AfterPersisted<T>(T result)
    {
        if (_persister is not null)
        {
            await _persister.WhenPersistedAsync().ConfigureAwait(false);
        }
        return result;
    }
}
