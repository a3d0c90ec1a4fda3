using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Observability;
using EventBroker.Routing;
using EventBroker.Storage;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// Delivers timer messages (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS) when due: one <see cref="TimerWheel"/>
/// per logical broker, walked only while this gateway holds the "timer" lease. Between passes it sleeps until the
/// next known due time, the next minute or a slot's grace end (at most 5 s), and wakes early when a send lands in an
/// open slot (AppendSignals, which also carry other gateways' appends).
/// </summary>
public sealed partial class TimerService(
    IStreamStore store,
    IRoutingStore routing,
    AppendSignals signals,
    BrokerTopology topology,
    LeaseKeeper leases,
    TimerDelivery delivery,
    TimerSlotFence fence,
    TimerBacklog backlog,
    TimeProvider time,
    ILogger<TimerService> logger) : BackgroundService
{
    public const string LeaseName = "timer";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(topology.Brokers.Select(b => Task.Run(() => RunAsync(b, stoppingToken), CancellationToken.None)));

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task RunAsync(LogicalBroker broker, CancellationToken stop)
    {
        TimerWheel? wheel = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!leases.IsHeld(LeaseName))
                {
                    // Another gateway walks the wheel meanwhile: start again from its persisted progress when ours again.
                    wheel = null;
                    backlog.Clear(broker.Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);
                    continue;
                }
                if (wheel is null)
                {
                    wheel = new TimerWheel(store, routing, broker, topology, delivery, fence);
                    await wheel.LoadAsync(NowMs(), stop).ConfigureAwait(false);
                }
                var (wait, wakeOn) = await wheel.PassAsync(NowMs, stop).ConfigureAwait(false);
                backlog.Set(broker.Name, wheel.PendingCount);
                if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(wait, wakeOn, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(ex, broker.Name);
                wheel = null;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WaitAsync(TimeSpan wait, List<(string Stream, long Seen)> wakeOn, CancellationToken stop)
    {
        var waiters = new List<AppendSignals.Waiter>(wakeOn.Count);
        try
        {
            foreach (var (stream, seen) in wakeOn)
            {
                waiters.Add(signals.Register(stream, seen));
            }
            // An append between the pass's read and the registration is caught by this check.
            foreach (var (stream, seen) in wakeOn)
            {
                if ((await store.GetBoundsAsync(stream, stop).ConfigureAwait(false)).NextRevision > seen)
                {
                    return;
                }
            }
            if (waiters.Count == 0)
            {
                await Task.Delay(wait, time, stop).ConfigureAwait(false);
                return;
            }
            try
            {
                await Task.WhenAny(waiters.Select(w => w.Signaled)).WaitAsync(wait, time, stop).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        finally
        {
            foreach (var waiter in waiters)
            {
                waiter.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Timer wheel of {Broker}: a pass failed, starting again from its saved progress in 1 s")]
    private partial void LogPassFailed(Exception ex, string broker);
}
