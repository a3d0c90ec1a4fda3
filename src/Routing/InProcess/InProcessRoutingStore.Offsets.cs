using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

// Consumer offsets: on the path of every pull, so each call is one dictionary operation and allocates nothing.
public sealed partial class InProcessRoutingStore
{
    public ValueTask<long?> GetOffsetAsync(string broker, string group, string topic, int queueId, CancellationToken cancellationToken = default)
        => new(_offsets.Get(broker, group, topic, queueId));

    public ValueTask CommitOffsetAsync(string broker, string group, string topic, int queueId, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _offsets.Commit(broker, group, topic, queueId, offset);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<MessageQueue, long>> GetGroupOffsetsAsync(string group, CancellationToken cancellationToken = default)
        => new(_offsets.GetGroup(group));

    public ValueTask<IReadOnlyList<string>> GetGroupsWithOffsetsAsync(string topic, CancellationToken cancellationToken = default)
        => new(_offsets.GroupsOn(topic));

    public ValueTask DeleteOffsetsAsync(string group, string? topic = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _offsets.Delete(group, topic);
        return ValueTask.CompletedTask;
    }
}
