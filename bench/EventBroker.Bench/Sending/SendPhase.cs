using EventBroker.Bench.Metrics;
using EventBroker.Bench.Reporting;
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
    /// <param name="progress">Receives a progress line and a timeline sample every second.</param>
    public async Task<SendOutcome> RunAsync(SendClock clock, Action onMeasureStart, Progress progress, CancellationToken cancellation)
    {
        var senders = Enumerable.Range(0, _senderCount)
            .Select(i => new Sender(i, _clients[i % _clients.Count], _templates, clock))
            .ToList();
        using var stop = cancellation.Register(clock.StopNow);
        using var watchdog = new Timer(_ => ExpireStuckRequests(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));

        var running = Task.WhenAll(senders.Select(s => Task.Run(s.RunAsync, CancellationToken.None)));
        await ReportUntilDoneAsync(senders, clock, running, onMeasureStart, progress).ConfigureAwait(false);
        await running.ConfigureAwait(false);
        // Every sender gone before the end (lost connections): rate over the time that actually ran.
        clock.StopNow();
        return SendOutcome.Merge(senders, clock.Duration);
    }

    private async Task ReportUntilDoneAsync(List<Sender> senders, SendClock clock, Task running, Action onMeasureStart, Progress progress)
    {
        var measuring = false;
        var lastTick = clock.Start;
        var previous = new Snapshot(new LatencyHistogram(), 0, 0);
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
            var current = Snapshot.Of(senders);
            var second = current.Latency.Since(previous.Latency);
            var tps = (current.Stored - previous.Stored) / System.Diagnostics.Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(clock.Start, now).TotalSeconds;
            var timed = second.Count > 0;
            progress.Timeline.Add(new SendSample(
                elapsed, measuring, tps,
                timed ? second.ValueAtPercentile(50) / 1000.0 : null,
                timed ? second.ValueAtPercentile(99) / 1000.0 : null,
                timed ? second.MaxMicros / 1000.0 : null,
                current.Errors - previous.Errors, progress.GatewayRssMb));
            progress.Report(ProgressLine(clock, elapsed, measuring, current, tps, second));
            (previous, lastTick) = (current, now);
        }
        if (!measuring)
        {
            onMeasureStart();
        }
    }

    private static string ProgressLine(SendClock clock, double elapsed, bool measuring, Snapshot total, double tps, LatencyHistogram second)
    {
        var phase = measuring ? "send  " : "warmup";
        var end = (double)(clock.End - clock.Start) / System.Diagnostics.Stopwatch.Frequency;
        // Warm-up sends are not timed, so there is no latency to show until the measured window starts.
        var latency = second.Count == 0
            ? "p99       - ms"
            : FormattableString.Invariant($"p99 {second.ValueAtPercentile(99) / 1000.0,7:F2} ms (run {total.Latency.ValueAtPercentile(99) / 1000.0,6:F2})");
        return FormattableString.Invariant(
            $"[{phase} {elapsed,4:F0}/{end:F0}s] sent {total.Stored,10:N0}  tps {tps,9:N0}  {latency}  errors {total.Errors:N0}");
    }

    /// <summary>The senders' cumulative counters at one moment; a second's numbers are the difference of two.</summary>
    private sealed record Snapshot(LatencyHistogram Latency, long Stored, long Errors)
    {
        public static Snapshot Of(List<Sender> senders)
        {
            var latency = new LatencyHistogram();
            foreach (var sender in senders)
            {
                latency.Add(sender.Histogram);
            }
            return new Snapshot(latency, senders.Sum(s => s.StoredTotal), senders.Sum(s => s.FailedTotal));
        }
    }

    private void ExpireStuckRequests()
    {
        foreach (var client in _clients)
        {
            client.ExpireOlderThan(RequestTimeout);
        }
    }
}
