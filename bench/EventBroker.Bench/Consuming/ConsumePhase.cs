using System.Diagnostics;
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

    public async Task<ConsumeOutcome> RunAsync(long[] startOffsets, long[] endOffsets, Func<string> status, CancellationToken cancellation)
    {
        var pullers = Enumerable.Range(0, endOffsets.Length)
            .Select(q => new QueuePuller(_clients[q % _clients.Count], _topic, _group, q, startOffsets[q], endOffsets[q]))
            .ToList();
        using var watchdog = new Timer(_ => Expire(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var started = Stopwatch.GetTimestamp();
        var running = Task.WhenAll(pullers.Select(p => Task.Run(() => p.RunAsync(cancellation), CancellationToken.None)));
        await ReportUntilDoneAsync(pullers, running, started, status).ConfigureAwait(false);
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

    private static async Task ReportUntilDoneAsync(List<QueuePuller> pullers, Task running, long started, Func<string> status)
    {
        var expected = pullers.Sum(p => p.EndOffset - p.StartOffset);
        long last = 0;
        while (await Task.WhenAny(running, Task.Delay(1000)).ConfigureAwait(false) != running)
        {
            var consumed = pullers.Sum(p => p.Consumed);
            Console.Error.WriteLine(FormattableString.Invariant(
                $"[consume {Stopwatch.GetElapsedTime(started).TotalSeconds,4:F0}s] consumed {consumed,10:N0} of {expected:N0}  tps {consumed - last,9:N0}") + status());
            last = consumed;
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
