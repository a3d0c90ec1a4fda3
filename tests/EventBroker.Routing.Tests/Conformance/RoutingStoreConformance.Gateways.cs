using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    private static readonly TimeSpan GatewayTtl = TimeSpan.FromSeconds(120);

    private GatewayRecord Gateway(string id, int listenPort = 10911)
        => new(id, "10.0.0.1", 9876, listenPort, 8080, ManualTimeProvider.DefaultStart);

    private async Task<IReadOnlyList<GatewayRecord>> MyLiveGatewaysAsync()
        => (await Store.GetLiveGatewaysAsync()).Where(g => IsMine(g.GatewayId)).ToList();

    [Fact]
    public async Task RegisterGateway_is_live_with_its_fields_until_the_ttl_passes()
    {
        var gateway = Gateway(Name("gw"));
        await Store.RegisterGatewayAsync(gateway, GatewayTtl);

        var live = Assert.Single(await MyLiveGatewaysAsync());
        Assert.Equal((gateway.GatewayId, gateway.Address, gateway.NameServerPort, gateway.ListenPort, gateway.HttpPort, gateway.StartedAt),
                     (live.GatewayId, live.Address, live.NameServerPort, live.ListenPort, live.HttpPort, live.StartedAt));

        Time.Advance(GatewayTtl - TimeSpan.FromSeconds(1));
        Assert.Single(await MyLiveGatewaysAsync());

        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await MyLiveGatewaysAsync());
    }

    [Fact]
    public async Task RegisterGateway_refresh_extends_the_ttl_and_updates_the_record()
    {
        var id = Name("gw");
        await Store.RegisterGatewayAsync(Gateway(id), GatewayTtl);
        Time.Advance(TimeSpan.FromSeconds(100));
        await Store.RegisterGatewayAsync(Gateway(id, listenPort: 10921), GatewayTtl);

        Time.Advance(TimeSpan.FromSeconds(100));

        var live = Assert.Single(await MyLiveGatewaysAsync());
        Assert.Equal(10921, live.ListenPort);
    }

    [Fact]
    public async Task GetLiveGateways_lists_every_live_gateway_once()
    {
        var (a, b) = (Name("gw-a"), Name("gw-b"));
        await Store.RegisterGatewayAsync(Gateway(b), GatewayTtl);
        await Store.RegisterGatewayAsync(Gateway(a), GatewayTtl);
        await Store.RegisterGatewayAsync(Gateway(a), GatewayTtl);

        Assert.Equal([a, b], (await MyLiveGatewaysAsync()).Select(g => g.GatewayId).Order());
    }

    [Fact]
    public async Task UnregisterGateway_removes_it_at_once()
    {
        var (gone, kept) = (Name("gone"), Name("kept"));
        await Store.RegisterGatewayAsync(Gateway(gone), GatewayTtl);
        await Store.RegisterGatewayAsync(Gateway(kept), GatewayTtl);

        await Store.UnregisterGatewayAsync(gone);

        Assert.Equal([kept], (await MyLiveGatewaysAsync()).Select(g => g.GatewayId));
    }
}
