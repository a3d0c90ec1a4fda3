using EventBroker.Storage.EventStore.Grpc;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Where calls of one kind go now: the leader for writes, the preferred member for reads. A single host without
/// discovery is used directly; otherwise gossip finds the node, once for all concurrent callers. A NotLeader answer
/// moves to the leader it names; an unreachable node is forgotten, so the next call discovers again.
/// </summary>
internal sealed class NodeSelector(
    string role, EventStoreClientSettings settings, NodePreference preference, GossipDiscovery discovery, ILogger logger, CancellationToken lifetime)
{
    private readonly object _gate = new();
    private NodeEndpoint? _current;
    private Task<NodeEndpoint>? _discovery;

    public NodeEndpoint? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public async ValueTask<NodeEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        Task<NodeEndpoint> discovering;
        lock (_gate)
        {
            if (_current is { } current)
            {
                return current;
            }
            if (!settings.Discover)
            {
                _current = settings.Hosts[0];
                return settings.Hosts[0];
            }
            // One discovery at a time, shared; a finished one (found or failed) is not reused.
            discovering = _discovery is { IsCompleted: false } running ? running : _discovery = DiscoverAsync();
        }
        return await discovering.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void OnNotLeader(NodeEndpoint from, NodeEndpoint leader)
    {
        lock (_gate)
        {
            _current = leader;
        }
        EventStoreClientLog.Redirected(logger, role, from.ToString(), leader.ToString());
    }

    public void OnUnavailable(NodeEndpoint node, string failure)
    {
        lock (_gate)
        {
            if (_current != node)
            {
                return;
            }
            _current = null;
        }
        EventStoreClientLog.NodeLost(logger, role, node.ToString(), failure);
    }

    private async Task<NodeEndpoint> DiscoverAsync()
    {
        var node = await discovery.DiscoverAsync(preference, lifetime).ConfigureAwait(false);
        lock (_gate)
        {
            _current = node;
        }
        return node;
    }
}
