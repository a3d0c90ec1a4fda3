using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos;
using EventBroker.Storage.EventStore.Protos.Gossip;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Finds a node through Gossip/Read, as the official clients do: ask the seeds (and the members learned from the last
/// answer) in random order with the last failed one at the end, pick by preference, and retry a few rounds apart.
/// </summary>
internal sealed class GossipDiscovery(EventStoreClientSettings settings, ChannelPool channels, ILogger logger)
{
    private readonly object _gate = new();
    private NodeEndpoint[] _members = [];
    private NodeEndpoint? _lastFailed;

    /// <exception cref="NodeUnavailableException">No seed answered with a usable member after every round.</exception>
    public async Task<NodeEndpoint> DiscoverAsync(NodePreference preference, CancellationToken cancellationToken)
    {
        var lastFailure = "no seed answered";
        for (var round = 1; round <= settings.MaxDiscoverAttempts; round++)
        {
            foreach (var candidate in Candidates())
            {
                try
                {
                    var cluster = await ReadGossipAsync(candidate, cancellationToken).ConfigureAwait(false);
                    Remember(cluster);
                    if (MemberSelector.Pick(cluster, preference, Random.Shared) is { } node)
                    {
                        EventStoreClientLog.Discovered(logger, node.ToString(), preference, candidate.ToString(), cluster.Members.Count);
                        return node;
                    }
                    lastFailure = $"{candidate} listed {cluster.Members.Count} member(s), none alive in a serving state";
                }
                catch (GrpcCallException ex)
                {
                    lastFailure = $"{candidate}: {ex.Status}";
                    lock (_gate)
                    {
                        _lastFailed = candidate;
                    }
                }
            }
            if (round < settings.MaxDiscoverAttempts)
            {
                await Task.Delay(settings.DiscoveryInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        var seeds = string.Join(",", settings.Hosts);
        throw new NodeUnavailableException(seeds, GrpcStatusCode.Unavailable,
            $"no EventStoreDB node found through gossip seeds {seeds} after {settings.MaxDiscoverAttempts} rounds (last: {lastFailure})");
    }

    public Task<ClusterInfo> ReadGossipAsync(NodeEndpoint node, CancellationToken cancellationToken)
        => channels.Get(node).CallAsync(EventStoreMethods.GossipRead, [new Empty()], new GrpcCallOptions(settings.GossipTimeout), ClusterInfo.Parser, cancellationToken);

    private List<NodeEndpoint> Candidates()
    {
        lock (_gate)
        {
            var candidates = _members.Concat(settings.Hosts).Distinct().OrderBy(_ => Random.Shared.Next()).ToList();
            if (_lastFailed is { } failed && candidates.Remove(failed))
            {
                candidates.Add(failed);
            }
            return candidates;
        }
    }

    private void Remember(ClusterInfo cluster)
    {
        var members = cluster.Members
            .Where(m => m.IsAlive && m.HttpEndPoint is { Address.Length: > 0, Port: > 0 })
            .Select(m => new NodeEndpoint(m.HttpEndPoint.Address, (int)m.HttpEndPoint.Port))
            .ToArray();
        lock (_gate)
        {
            _members = members;
        }
    }
}
