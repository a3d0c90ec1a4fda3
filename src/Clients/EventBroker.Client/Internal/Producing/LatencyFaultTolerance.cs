using System.Collections.Concurrent;

namespace EventBroker.Client.Internal.Producing;

/// <summary>
/// Per-broker send latency and the time until which a broker is avoided (MQFaultStrategy + LatencyFaultToleranceImpl).
/// A send taking at least latencyMax[i] makes the broker unavailable for notAvailableDuration[i]; a failed send counts
/// as 30 s of latency, which means 600 s away.
/// </summary>
internal sealed class LatencyFaultTolerance
{
    /// <summary>MQFaultStrategy.latencyMax (ms).</summary>
    public static readonly long[] LatencyMax = [50, 100, 550, 1000, 2000, 3000, 15000];

    /// <summary>MQFaultStrategy.notAvailableDuration (ms).</summary>
    public static readonly long[] NotAvailableDuration = [0, 0, 30000, 60000, 120000, 180000, 600000];

    /// <summary>The latency a failure is recorded with (updateFaultItem with isolation = true).</summary>
    public const long IsolationLatency = 30000;

    private readonly ConcurrentDictionary<string, FaultItem> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _whichItemWorst;

    public LatencyFaultTolerance(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>computeNotAvailableDuration: the duration of the highest threshold the latency reaches.</summary>
    public static long ComputeNotAvailableDuration(long latencyMillis)
    {
        for (var i = LatencyMax.Length - 1; i >= 0; i--)
        {
            if (latencyMillis >= LatencyMax[i])
            {
                return NotAvailableDuration[i];
            }
        }
        return 0;
    }

    /// <summary>Records a send to <paramref name="brokerName"/> that took <paramref name="latencyMillis"/> (or failed, when isolated).</summary>
    public void Update(string brokerName, long latencyMillis, bool isolation)
    {
        var latency = isolation ? IsolationLatency : latencyMillis;
        var until = Now() + ComputeNotAvailableDuration(latency);
        _items[brokerName] = new FaultItem(brokerName, latency, until);
    }

    public bool IsAvailable(string brokerName) =>
        !_items.TryGetValue(brokerName, out var item) || Now() >= item.StartTimestamp;

    public void Remove(string brokerName) => _items.TryRemove(brokerName, out _);

    /// <summary>
    /// When every broker is being avoided: one of the better half, ordered available first, then by latency, then by
    /// the time they become available again; successive calls rotate through that half (pickOneAtLeast).
    /// </summary>
    public string? PickOneAtLeast()
    {
        var now = Now();
        var items = _items.Values.ToList();
        if (items.Count == 0)
        {
            return null;
        }
        items.Sort((a, b) =>
        {
            var availableA = now >= a.StartTimestamp;
            var availableB = now >= b.StartTimestamp;
            if (availableA != availableB)
            {
                return availableA ? -1 : 1;
            }
            var byLatency = a.CurrentLatency.CompareTo(b.CurrentLatency);
            return byLatency != 0 ? byLatency : a.StartTimestamp.CompareTo(b.StartTimestamp);
        });
        var half = items.Count / 2;
        if (half <= 0)
        {
            return items[0].Name;
        }
        var index = (int)((uint)Interlocked.Increment(ref _whichItemWorst) % (uint)half);
        return items[index].Name;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record FaultItem(string Name, long CurrentLatency, long StartTimestamp);
}
