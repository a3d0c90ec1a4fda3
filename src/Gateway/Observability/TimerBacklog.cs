using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventBroker.Gateway.Observability;

/// <summary>
/// What the timer wheel has read from its open slots (due this minute, or overdue while catching up) and not delivered
/// yet, per logical broker. Updated by the wheel's holder after every pass and cleared when it loses the lease, so the
/// gauge is reported by the lease holder only; messages due in later minutes are not counted (their slots are not
/// read until their minute comes — scheduled minus delivered counts those).
/// </summary>
public sealed class TimerBacklog
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);

    public void Set(string broker, long pending) => _pending[broker] = pending;

    public void Clear(string broker) => _pending.TryRemove(broker, out _);

    public long Of(string broker) => _pending.TryGetValue(broker, out var pending) ? pending : 0;

    internal IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (broker, pending) in _pending)
        {
            yield return new Measurement<long>(pending, new KeyValuePair<string, object?>("broker", broker));
        }
    }
}
