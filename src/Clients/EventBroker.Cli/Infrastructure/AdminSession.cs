using EventBroker.Client;
using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Cli.Infrastructure;

/// <summary>
/// One command's connection to the cluster: the client's pooled remoting connections, name-server failover and ACL
/// signing, plus the lookups most commands start with (cluster info, routes, master addresses). Transport failures
/// come out as <see cref="AdminException"/>s that say which address failed and what to check.
/// </summary>
internal sealed class AdminSession : IAsyncDisposable
{
    private readonly EventBrokerClient _client;

    public AdminSession(EventBrokerClientOptions options, TimeProvider time)
    {
        _client = new EventBrokerClient(options);
        Time = time;
    }

    public TimeProvider Time { get; }

    /// <summary>The public client, for what it already does well (sending with its retry and queue selection).</summary>
    public EventBrokerClient Client => _client;

    public IReadOnlyList<string> NameServers => Instance.NameServers.Addresses;

    private ClientInstance Instance => _client.Instance;

    public async Task<ClusterInfo> GetClusterInfoAsync(CancellationToken ct)
    {
        try
        {
            return await Instance.NameServers.GetClusterInfoAsync(ct).ConfigureAwait(false);
        }
        catch (EventBrokerException ex) when (Responses.IsTransportFailure(ex))
        {
            throw NameServerUnreachable(ex);
        }
    }

    /// <summary>The topic's route, or null when the name servers do not know it.</summary>
    public async Task<TopicRouteData?> TryGetRouteAsync(string topic, CancellationToken ct)
    {
        try
        {
            return await Instance.NameServers.GetRouteAsync(topic, ct).ConfigureAwait(false);
        }
        catch (EventBrokerException ex) when (Responses.IsTransportFailure(ex))
        {
            throw NameServerUnreachable(ex);
        }
    }

    public async Task<TopicRouteData> GetRouteAsync(string topic, CancellationToken ct) =>
        await TryGetRouteAsync(topic, ct).ConfigureAwait(false)
        ?? throw new AdminException($"topic '{topic}' does not exist: no name server ({string.Join(";", NameServers)}) has a route for it; create it with updateTopic or check the name");

    /// <summary>Sends to the name servers (failing over between them) and checks for SUCCESS; the caller disposes the response.</summary>
    public async Task<RemotingCommand> InvokeNameServerAsync(Func<RemotingCommand> create, CancellationToken ct)
    {
        try
        {
            var (response, address) = await Instance.NameServers.InvokeAsync(create, ct).ConfigureAwait(false);
            return response.EnsureCode(address);
        }
        catch (EventBrokerException ex) when (Responses.IsTransportFailure(ex))
        {
            throw NameServerUnreachable(ex);
        }
    }

    /// <summary>Sends to one name server only (writes that must reach every one of them).</summary>
    public Task<RemotingCommand> InvokeEachNameServerAsync(string address, RemotingCommand request, CancellationToken ct) =>
        InvokeAsync(address, request, ct);

    /// <summary>
    /// Sends to <paramref name="address"/> and returns the response; any code but SUCCESS and <paramref name="accepted"/>
    /// becomes a <see cref="BrokerResponseException"/>. The caller disposes the response.
    /// </summary>
    public async Task<RemotingCommand> InvokeAsync(string address, RemotingCommand request, CancellationToken ct, params ResponseCode[] accepted)
    {
        RemotingCommand response;
        try
        {
            response = await Instance.Remoting.InvokeAsync(address, request, Instance.Options.RequestTimeout, ct).ConfigureAwait(false);
        }
        catch (EventBrokerException ex) when (Responses.IsTransportFailure(ex))
        {
            throw new AdminException($"cannot reach {address}: {ex.Message}. Check that the broker is running and that this address (its brokerIP1 and port) is reachable from here.", ex);
        }
        if (Array.IndexOf(accepted, (ResponseCode)response.Code) >= 0)
        {
            return response;
        }
        return response.EnsureCode(address);
    }

    /// <summary>The master addresses of every broker of <paramref name="cluster"/>, by broker name.</summary>
    public static List<(string BrokerName, string Address)> MastersOf(ClusterInfo info, string cluster)
    {
        if (!info.ClusterAddrTable.TryGetValue(cluster, out var brokerNames))
        {
            var known = string.Join(", ", info.ClusterAddrTable.Keys.Order(StringComparer.Ordinal));
            throw new AdminException($"cluster '{cluster}' is not known to the name servers (clusters: {(known.Length == 0 ? "none" : known)}); clusterList shows them");
        }
        var masters = new List<(string, string)>();
        foreach (var name in brokerNames.Order(StringComparer.Ordinal))
        {
            if (info.BrokerAddrTable.TryGetValue(name, out var broker) && broker.BrokerAddrs.TryGetValue(0, out var master))
            {
                masters.Add((name, master));
            }
        }
        if (masters.Count == 0)
        {
            throw new AdminException($"cluster '{cluster}' has no master broker online");
        }
        return masters;
    }

    /// <summary>The master address of <paramref name="brokerName"/> in a route.</summary>
    public static string MasterOf(TopicRouteData route, string brokerName, string topic)
    {
        var broker = route.BrokerDatas.FirstOrDefault(b => b.BrokerName == brokerName)
            ?? throw new AdminException($"topic '{topic}' has no queues on broker '{brokerName}' (brokers: {string.Join(", ", route.BrokerDatas.Select(b => b.BrokerName))})");
        return broker.BrokerAddrs.TryGetValue(0, out var master)
            ? master
            : throw new AdminException($"broker '{brokerName}' has no master online");
    }

    /// <summary>Every master in a route, by broker name.</summary>
    public static IEnumerable<(string BrokerName, string Address)> MastersOf(TopicRouteData route) =>
        route.BrokerDatas
            .Where(b => b.BrokerAddrs.ContainsKey(0))
            .OrderBy(b => b.BrokerName, StringComparer.Ordinal)
            .Select(b => (b.BrokerName, b.BrokerAddrs[0]));

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private AdminException NameServerUnreachable(Exception ex) => new(
        $"cannot reach the name server {string.Join(";", NameServers)}: {ex.InnerException?.Message ?? ex.Message}. Check -n/--namesrvAddr (or NAMESRV_ADDR) and that the broker is running.",
        ex);
}
