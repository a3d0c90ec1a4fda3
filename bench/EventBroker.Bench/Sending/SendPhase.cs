using EventBroker.Bench.Metrics;
using EventBroker.Bench.Transport;

namespace EventBroker.Bench.Sending;

/// <summary>
/// Runs the senders over the shared connections: warm-up, then the measured window, with a progress line every
/// second and a watchdog that times out requests the broker never answers (3 s, the Java producer's default).
/// </summary>
public sealed class SendPhase
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyList<RemotingClient> _clients;
    private readonly SendFrameTemplate[] _templates;
    private readonly int _senderCount;

    public SendPhase(IReadOnlyList<RemotingClient> clients, SendFrameTemplate[] templates, int senderCount)
    {
        _clients = clients;
        _templates = templates;
        _senderCount = senderCount;
    }

    /// <param name="onMeasureStart">Called when warm-up ends, to snapshot CPU counters.</param>
    /// <param name="status">Extra text for the progress line (the gateway's memory).</param>
    public async Task<SendOutcome> RunAsync(SendClock clock, Action onMeasureStart, Func<string> status, CancellationToken cancellation)
    {
        var senders = Enumerable.Range(0, _senderCount)
            .Select(i => new Sender(i, _clients[i % _clients.Count], _templates, clock))
            .ToList();
        using var stop = cancellation.Register(clock.StopNow);
        using var watchdog = new Timer(_ => ExpireStuckRequests(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));

        var running = Task.WhenAll(senders.Select(s => Task.Run(s.RunAsync, CancellationToken.None)));
        await ReportUntilDoneAsync(senders, clock, running, onMeasureStart, status).ConfigureAwait(false);
        await running.ConfigureAwait(false);
        // Every sender gone before the end (lost connections): rate over the time that actually ran.
        clock.StopNow();
        return SendOutcome.Merge(senders, clock.Duration);
    }

    private async Task ReportUntilDoneAsync(List<Sender> senders, SendClock clock, Task running, Action onMeasureStart, Func<string> status)
    {
        var measuring = false;
        long lastStored = 0;
        var lastTick = clock.Start;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var nextReport = clock.Start + SendClock.ToTicks(TimeSpan.FromSeconds(1));
        while (!running.IsCompleted && await ticker.WaitForNextTickAsync().ConfigureAwait(false))
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!measuring && now >= clock.MeasureStart)
            {
                measuring = true;
                onMeasureStart();
            }
            if (now < nextReport)
            {
                continue;
            }
            nextReport += SendClock.ToTicks(TimeSpan.FromSeconds(1));
            var stored = senders.Sum(s => s.StoredTotal);
            var tps = (stored - lastStored) / System.Diagnostics.Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            (lastStored, lastTick) = (stored, now);
            Console.Error.WriteLine(ProgressLine(senders, clock, now, stored, tps, measuring) + status());
        }
        if (!measuring)
        {
            onMeasureStart();
        }
    }

    private static string ProgressLine(List<Sender> senders, SendClock clock, long now, long stored, double tps, bool measuring)
    {
        var latency = new LatencyHistogram();
        foreach (var sender in senders)
        {
            latency.Add(sender.Histogram);
        }
        var errors = senders.Sum(s => s.FailedTotal);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(clock.Start, now).TotalSeconds;
        var phase = measuring ? "send  " : "warmup";
        return FormattableString.Invariant(
            $"[{phase} {elapsed,5:F0}s] sent {stored,10:N0}  tps {tps,9:N0}  p99 {latency.ValueAtPercentile(99) / 1000.0,7:F2} ms  errors {errors:N0}");
    }

    private void ExpireStuckRequests()
    {
        foreach (var client in _clients)
        {
            client.ExpireOlderThan(RequestTimeout);
        }
    }
}
