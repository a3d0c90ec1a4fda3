namespace EventBroker.Gateway.Admin;

/// <summary>
/// Put rates of queues measured from the store itself: the max offset seen now against the one seen up to
/// <see cref="Window"/> earlier. Because every gateway appends to the same store, the rate counts the messages of all
/// gateways, which a per-gateway counter cannot; the price is that a rate needs two looks at the queue (the dashboard
/// polls every few seconds), so the first view of a queue has none.
/// </summary>
public sealed class QueueRates(TimeProvider time)
{
    /// <summary>How far back the rate looks: long enough to smooth bursts, short enough to be "recent".</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Queues not looked at for this long are forgotten, so deleted topics do not stay in memory.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    private readonly Dictionary<(string Broker, string Topic, int QueueId), Samples> _samples = [];
    private readonly Lock _lock = new();
    private long _lastSweep;

    /// <summary>Records the queue's max offset now and returns messages per second over the window, or null on the first look.</summary>
    public double? Observe(string broker, string topic, int queueId, long maxOffset)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            SweepIdle(now);
            var key = (broker, topic, queueId);
            if (!_samples.TryGetValue(key, out var samples))
            {
                _samples[key] = samples = new Samples();
            }
            return samples.Add(now, maxOffset, time);
        }
    }

    private void SweepIdle(long now)
    {
        if (time.GetElapsedTime(_lastSweep, now) < Idle)
        {
            return;
        }
        _lastSweep = now;
        foreach (var (key, samples) in _samples.ToList())
        {
            if (time.GetElapsedTime(samples.LastSeen, now) > Idle)
            {
                _samples.Remove(key);
            }
        }
    }

    /// <summary>The looks at one queue within the window, oldest first; at most one look older than the window is kept as the anchor.</summary>
    private sealed class Samples
    {
        private readonly Queue<(long At, long Offset)> _looks = new();

        public long LastSeen { get; private set; }

        public double? Add(long now, long offset, TimeProvider time)
        {
            LastSeen = now;
            // An offset that went down means the topic was deleted and re-created: start over.
            if (_looks.Count > 0 && offset < _looks.Last().Offset)
            {
                _looks.Clear();
            }
            while (_looks.Count > 1 && time.GetElapsedTime(_looks.ElementAt(1).At, now) >= Window)
            {
                _looks.Dequeue();
            }
            double? rate = null;
            if (_looks.Count > 0)
            {
                var (at, earlier) = _looks.Peek();
                var seconds = time.GetElapsedTime(at, now).TotalSeconds;
                rate = seconds >= 1 ? (offset - earlier) / seconds : null;
            }
            if (_looks.Count == 0 || time.GetElapsedTime(_looks.Last().At, now) >= TimeSpan.FromSeconds(1))
            {
                _looks.Enqueue((now, offset));
            }
            return rate;
        }
    }
}
