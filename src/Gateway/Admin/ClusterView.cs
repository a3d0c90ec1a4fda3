using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Hosting;
using EventBroker.Routing;

namespace EventBroker.Gateway.Admin;

public sealed record GatewayInfo(string GatewayId, string Address, int ListenPort, DateTimeOffset StartedAt, long AgeSeconds, bool Self);

public sealed record LogicalBrokerInfo(string Name, int Port, string? MasterGateway, IReadOnlyList<string> Addresses);

public sealed record ComponentHealth(string Description, bool Up, string? Error);

public sealed record ClusterInfoView(
    string Cluster,
    string ThisGateway,
    IReadOnlyList<GatewayInfo> Gateways,
    IReadOnlyList<LogicalBrokerInfo> Brokers,
    ComponentHealth Store,
    ComponentHealth Routing,
    double PutTps,
    double GetTps,
    long PutTotal,
    long GetTotal,
    int Connections);

/// <summary>What the cluster page shows: live gateways, which gateway serves each logical broker, store and routing health.</summary>
public sealed class ClusterView(
    RouteService routes,
    BrokerTopology topology,
    StoreHolder stores,
    BrokerStats stats,
    Transport.ConnectionRegistry connections,
    IRoutingStore routing,
    TimeProvider time)
{
    public async Task<ClusterInfoView> GetAsync(CancellationToken ct)
    {
        var storeUp = await stores.Streams.PingAsync(ct).ConfigureAwait(false);
        IReadOnlyList<GatewayRecord> live;
        ComponentHealth routingHealth;
        try
        {
            // Straight from the store (not RouteService's 1 s cache), so an outage shows at once.
            live = await routing.GetLiveGatewaysAsync(ct).ConfigureAwait(false);
            if (live.Count == 0)
            {
                live = [routes.Self()];
            }
            routingHealth = new ComponentHealth(stores.Routing.Description, true, null);
        }
        catch (RoutingUnavailableException ex)
        {
            live = [routes.Self()];
            routingHealth = new ComponentHealth(stores.Routing.Description, false, ex.Message);
        }
        var now = time.GetUtcNow();
        var gateways = live
            .OrderBy(g => g.GatewayId, StringComparer.Ordinal)
            .Select(g => new GatewayInfo(g.GatewayId, g.Address, g.ListenPort, g.StartedAt,
                (long)Math.Max(0, (now - g.StartedAt).TotalSeconds), g.GatewayId == topology.GatewayId))
            .ToList();
        var brokers = topology.Brokers.Select(b =>
        {
            var data = routes.BuildBrokerData(b, live);
            var master = data.BrokerAddrs.TryGetValue(0, out var addr) ? live.FirstOrDefault(g => $"{g.Address}:{g.ListenPort + b.Index}" == addr)?.GatewayId : null;
            return new LogicalBrokerInfo(b.Name, b.Port, master, data.BrokerAddrs.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList());
        }).ToList();
        return new ClusterInfoView(
            topology.ClusterName,
            topology.GatewayId,
            gateways,
            brokers,
            new ComponentHealth(stores.Streams.Description, storeUp, storeUp ? null : "the store did not answer a ping"),
            routingHealth,
            Math.Round(stats.PutTps, 2),
            Math.Round(stats.GetTps, 2),
            stats.PutTotal,
            stats.GetTotal,
            connections.Count);
    }
}

internal static class ClusterEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cluster", (ClusterView view, CancellationToken ct) => view.GetAsync(ct))
            .WithSummary("Gateways with liveness and age, logical brokers and the gateway serving each, store and routing health, this gateway's TPS.");
}
