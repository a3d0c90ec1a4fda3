using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Hosting;

/// <summary>
/// The broker's timers: the gateway's liveness record (120 s TTL, refreshed every 30 s, deleted on shutdown),
/// client expiry (scanned every 10 s, 120 s without a heartbeat), and retention by fileReservedTime (hourly).
/// </summary>
public sealed partial class BrokerBackgroundService(
    IRoutingStore routing,
    RetentionJob retention,
    ClientRegistry clients,
    RouteService routes,
    LeaseKeeper leases,
    BrokerTopology topology,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<BrokerBackgroundService> logger) : BackgroundService
{
    public static readonly TimeSpan GatewayTtl = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan GatewayRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientScan = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextGateway = DateTimeOffset.MinValue;
        var nextRetention = time.GetUtcNow() + TimeSpan.FromMinutes(1);
        using var timer = new PeriodicTimer(ClientScan, time);
        do
        {
            var now = time.GetUtcNow();
            await RunAsync("gateway liveness", () => now >= nextGateway ? RegisterGatewayAsync(stoppingToken) : Task.CompletedTask).ConfigureAwait(false);
            if (now >= nextGateway)
            {
                nextGateway = now + GatewayRefresh;
            }
            await RunAsync("client expiry", () => clients.ExpireAsync(now, stoppingToken)).ConfigureAwait(false);
            if (now >= nextRetention && leases.IsHeld("retention"))
            {
                nextRetention = now + RetentionEvery;
                await RunAsync("retention", () => retention.RunAsync(stoppingToken)).ConfigureAwait(false);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync("gateway unregistration", () => routing.UnregisterGatewayAsync(topology.GatewayId, cancellationToken).AsTask()).ConfigureAwait(false);
    }

    private Task RegisterGatewayAsync(CancellationToken ct)
    {
        var self = routes.Self() with
        {
            NameServerPort = options.Value.NameServerPort,
            HttpPort = options.Value.HttpPort,
            LastSeen = time.GetUtcNow(),
        };
        return routing.RegisterGatewayAsync(self, GatewayTtl, ct).AsTask();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunAsync(string job, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogJobFailed(ex, job);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Background job '{Job}' failed; it runs again at its next interval")]
    private partial void LogJobFailed(Exception ex, string job);
}
