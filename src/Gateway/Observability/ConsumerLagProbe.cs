using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Routing;

namespace EventBroker.Gateway.Observability;

/// <summary>
/// Consumer lag per (group, topic): the queues' max offsets minus the group's committed offsets. Computed when
/// /metrics is scraped, at most every <see cref="MinInterval"/> and over at most <see cref="MaxQueues"/> queues, so
/// that frequent scrapes of a gateway with thousands of groups cannot load the stores.
/// </summary>
public sealed class ConsumerLagProbe(IRoutingStore routing, QueueStore queues, BrokerTopology topology, TimeProvider time)
{
    internal static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);
    internal const int MaxQueues = 2000;

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Measurement<long>[] _snapshot = [];
    private DateTimeOffset _computedAt = DateTimeOffset.MinValue;

    /// <summary>Set by the gateway's metrics: the routing round trips the probe makes are measured.</summary>
    internal Action<long, bool>? RoutingTimed { get; set; }

    /// <summary>Whether the last computation stopped at <see cref="MaxQueues"/>.</summary>
    public bool Truncated { get; private set; }

    public IEnumerable<Measurement<long>> Observe() => Volatile.Read(ref _snapshot);

    public async ValueTask RefreshAsync(CancellationToken ct)
    {
        if (time.GetUtcNow() - _computedAt < MinInterval || !await _refresh.WaitAsync(0, ct).ConfigureAwait(false))
        {
            // Fresh enough, or another scrape is computing it: serve the last snapshot.
            return;
        }
        try
        {
            var (snapshot, truncated) = await ComputeAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref _snapshot, snapshot);
            Truncated = truncated;
            _computedAt = time.GetUtcNow();
        }
        catch (RoutingUnavailableException)
        {
            // Redis down: keep the last numbers; /health/ready reports the outage.
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async ValueTask<(Measurement<long>[] Snapshot, bool Truncated)> ComputeAsync(CancellationToken ct)
    {
        var result = new List<Measurement<long>>();
        var budget = MaxQueues;
        var groups = await TimedAsync(() => routing.GetGroupsAsync(ct)).ConfigureAwait(false);
        foreach (var group in groups)
        {
            var offsets = await TimedAsync(() => routing.GetGroupOffsetsAsync(group.GroupName, ct)).ConfigureAwait(false);
            foreach (var byTopic in offsets.GroupBy(o => o.Key.Topic, StringComparer.Ordinal))
            {
                long lag = 0;
                foreach (var ((topic, brokerName, queueId), offset) in byTopic)
                {
                    // Offsets of a logical broker no longer configured have no queues here to lag behind.
                    if (topology.Brokers.FirstOrDefault(b => b.Name == brokerName) is not { } broker)
                    {
                        continue;
                    }
                    if (--budget < 0)
                    {
                        return ([.. result], true);
                    }
                    var bounds = await queues.GetBoundsAsync(broker, topic, queueId, ct).ConfigureAwait(false);
                    lag += Math.Max(0, bounds.NextRevision - Math.Max(offset, 0));
                }
                result.Add(new Measurement<long>(lag, new("group", group.GroupName), new("topic", byTopic.Key)));
            }
        }
        return ([.. result], false);
    }

    private async ValueTask<T> TimedAsync<T>(Func<ValueTask<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var value = await call().ConfigureAwait(false);
            RoutingTimed?.Invoke(started, true);
            return value;
        }
        catch (RoutingUnavailableException)
        {
            RoutingTimed?.Invoke(started, false);
            throw;
        }
    }
}
