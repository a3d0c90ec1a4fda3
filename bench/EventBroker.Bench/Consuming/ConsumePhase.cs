using System.Diagnostics;
using EventBroker.Bench.Reporting;
using EventBroker.Bench.Transport;

namespace EventBroker.Bench.Consuming;

/// <summary>Drains every queue concurrently, one pull in flight per queue, spread over the connections.</summary>
public sealed class ConsumePhase
{
    private static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<RemotingClient> _clients;
    private readonly string _topic;
    private readonly string _group;

    public ConsumePhase(IReadOnlyList<RemotingClient> clients, string topic, string group)
    {
        _clients = clients;
        _topic = topic;
        _group = group;
    }

    public async Task<ConsumeOutcome> RunAsync(long[] startOffsets, long[] endOffsets, Progress progress, CancellationToken cancellation)
    {
        var pullers = Enumerable.Range(0, endOffsets.Length)
            .Select(q => new QueuePuller(_clients[q % _clients.Count], _topic, _group, q, startOffsets[q], endOffsets[q]))
            .ToList();
        using var watchdog = new Timer(_ => Expire(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var started = Stopwatch.GetTimestamp();
        var running = Task.WhenAll(pullers.Select(p => Task.Run(() => p.RunAsync(cancellation), CancellationToken.None)));
        await ReportUntilDoneAsync(pullers, running, started, progress).ConfigureAwait(false);
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: report what was drained so far.
        }
        return ConsumeOutcome.Merge(pullers, Stopwatch.GetElapsedTime(started));
    }

    private static async Task ReportUntilDoneAsync(List<QueuePuller> pullers, Task running, long started, Progress progress)
    {
        var expected = pullers.Sum(p => p.EndOffset - p.StartOffset);
        long last = 0;
        var lastTick = started;
        while (await Task.WhenAny(running, Task.Delay(1000)).ConfigureAwait(false) != running)
        {
            var now = Stopwatch.GetTimestamp();
            var consumed = pullers.Sum(p => p.Consumed);
            var tps = (consumed - last) / Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            var elapsed = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
            progress.Timeline.Add(new ConsumeSample(elapsed, tps, consumed));
            var percent = expected > 0 ? 100.0 * consumed / expected : 100;
            progress.Report(FormattableString.Invariant(
                $"[consume {elapsed,4:F0}s] consumed {consumed,10:N0} of {expected:N0} ({percent,3:F0} %)  tps {tps,9:N0}"));
            (last, lastTick) = (consumed, now);
        }
        // The last, partial second: a drain shorter than a second would otherwise leave the chart empty.
        var end = Stopwatch.GetTimestamp();
        var total = pullers.Sum(p => p.Consumed);
        var window = Stopwatch.GetElapsedTime(lastTick, end).TotalSeconds;
        if (total > last && window > 0.05)
        {
            progress.Timeline.Add(new ConsumeSample(Stopwatch.GetElapsedTime(started, end).TotalSeconds, (total - last) / window, total));
        }
    }

    private void Expire()
    {
        foreach (var client in _clients)
        {
            client.ExpireOlderThan(PullTimeout);
        }
    }
}
