using System.Collections.Concurrent;
using EventBroker.Gateway.Configuration;
using EventBroker.Storage;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// The stream store seen as RocketMQ message queues: names each queue's stream (cached, since every send and pull
/// needs it) and reads queue bounds and timestamps.
/// </summary>
public sealed class QueueStore(IStreamStore store, BrokerTopology topology)
{
    private readonly ConcurrentDictionary<(int Broker, string Topic), string[]> _names = new();

    public IStreamStore Store => store;

    public string StreamName(LogicalBroker broker, string topic, int queueId)
    {
        var names = _names.GetOrAdd((broker.Index, topic), static _ => new string[32]);
        if ((uint)queueId < (uint)names.Length)
        {
            return names[queueId] ??= QueueStreams.Name(topology.ClusterName, broker.Name, topic, queueId);
        }
        return QueueStreams.Name(topology.ClusterName, broker.Name, topic, queueId);
    }

    public ValueTask<StreamBounds> GetBoundsAsync(LogicalBroker broker, string topic, int queueId, CancellationToken ct) =>
        store.GetBoundsAsync(StreamName(broker, topic, queueId), ct);

    /// <summary>Store time of the message at <paramref name="offset"/>, or 0 when there is none.</summary>
    public async ValueTask<long> GetStoreTimestampAsync(LogicalBroker broker, string topic, int queueId, long offset, CancellationToken ct)
    {
        if (offset < 0)
        {
            return 0;
        }
        using var batch = await store.ReadForwardAsync(StreamName(broker, topic, queueId), offset, 1, int.MaxValue, ct).ConfigureAwait(false);
        return batch.Count > 0 && batch.Entries[0].Revision == offset ? batch.Entries[0].TimestampMs : 0;
    }

    /// <summary>Deletes every queue stream of a topic on every logical broker.</summary>
    public async ValueTask DeleteTopicAsync(string topic, int queueNums, CancellationToken ct)
    {
        foreach (var broker in topology.Brokers)
        {
            for (var q = 0; q < queueNums; q++)
            {
                await store.DeleteStreamAsync(StreamName(broker, topic, q), ct).ConfigureAwait(false);
            }
            _names.TryRemove((broker.Index, topic), out _);
        }
    }
}
