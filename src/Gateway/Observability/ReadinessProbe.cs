using System.Diagnostics;
using EventBroker.Gateway.Hosting;
using EventBroker.Routing;

namespace EventBroker.Gateway.Observability;

/// <summary>/health/ready: the message store answers a ping and the routing store (Redis or in-process) answers a read.</summary>
public sealed class ReadinessProbe(StoreHolder stores, GatewayMetrics metrics)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<IResult> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var (storeOk, storeError) = await CheckStoreAsync(timeout.Token).ConfigureAwait(false);
        var (routingOk, routingError) = await CheckRoutingAsync(timeout.Token).ConfigureAwait(false);
        var ready = storeOk && routingOk;
        var body = new
        {
            status = ready ? "UP" : "DOWN",
            store = new { description = stores.Streams.Description, up = storeOk, error = storeError },
            routing = new { description = stores.Routing.Description, up = routingOk, error = routingError },
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<(bool Ok, string? Error)> CheckStoreAsync(CancellationToken ct)
    {
        try
        {
            return await stores.Streams.PingAsync(ct).ConfigureAwait(false) ? (true, null) : (false, "the store did not answer its ping");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return (false, ex.Message);
        }
    }

    private async Task<(bool Ok, string? Error)> CheckRoutingAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _ = await stores.Routing.GetLiveGatewaysAsync(ct).ConfigureAwait(false);
            metrics.RecordRouting(started, ok: true);
            return (true, null);
        }
        catch (Exception ex) when (ex is RoutingUnavailableException or OperationCanceledException or ObjectDisposedException)
        {
            metrics.RecordRouting(started, ok: false);
            return (false, ex.Message);
        }
    }
}
