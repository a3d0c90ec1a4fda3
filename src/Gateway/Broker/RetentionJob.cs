using EventBroker.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Retention by fileReservedTime: messages older than it leave every queue of the cluster, which moves each
/// queue's min offset (consumers behind it get PULL_OFFSET_MOVED and continue from the new min, as with RocketMQ's
/// expired commit-log files). Runs hourly on the gateway holding the "retention" lease.
/// </summary>
public sealed class RetentionJob(QueueStore queues, BrokerTopology topology, IOptions<BrokerOptions> options)
{
    public TimeSpan MaxAge => TimeSpan.FromHours(options.Value.FileReservedTime);

    public Task RunAsync(CancellationToken ct) => RunAsync(MaxAge, ct);

    public Task RunAsync(TimeSpan maxAge, CancellationToken ct) =>
        queues.Store.ApplyMaxAgeAsync(QueueStreams.ClusterPrefix(topology.ClusterName), maxAge, ct).AsTask();
}
