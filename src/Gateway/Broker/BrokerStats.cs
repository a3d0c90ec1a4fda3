using System.Collections.Concurrent;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Counters behind GET_BROKER_RUNTIME_INFO and the consume TPS in GET_CONSUME_STATS: totals since start, totals
/// since midnight (UTC), and per-second rings for the last minute — also per topic and per queue for the
/// dashboard's recent TPS (this gateway's sends only: every gateway counts what it stored).
/// </summary>
public sealed class BrokerStats(TimeProvider time)
{
    private readonly RateRing _puts = new();
    private readonly RateRing _gets = new();
    private readonly ConcurrentDictionary<(string Topic, string Group), RateRing> _groupGets = new();
    private readonly ConcurrentDictionary<string, RateRing> _topicPuts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, int QueueId), RateRing> _queuePuts = new();
    private long _putTotal;
    private long _getTotal;
    private long _putAtMidnight;
    private long _getAtMidnight;
    private long _putYesterdayMidnight;
    private long _getYesterdayMidnight;
    private long _dayNumber = time.GetUtcNow().ToUnixTimeSeconds() / 86400;

    public long PutTotal => Interlocked.Read(ref _putTotal);

    public long GetTotal => Interlocked.Read(ref _getTotal);

    public void RecordPut(string topic, int count)
    {
        RollDay();
        Interlocked.Add(ref _putTotal, count);
        _puts.Add(Now(), count);
    }

    /// <summary>A send stored in a known queue: counted in the totals and in the topic's and queue's rings.</summary>
    public void RecordPut(string topic, int queueId, int count)
    {
        RecordPut(topic, count);
        var now = Now();
        _topicPuts.GetOrAdd(topic, static _ => new RateRing()).Add(now, count);
        _queuePuts.GetOrAdd((topic, queueId), static _ => new RateRing()).Add(now, count);
    }

    /// <summary>Messages per second stored in the topic through this gateway over the last <paramref name="seconds"/> whole seconds.</summary>
    public double TopicPutTps(string topic, int seconds = 10) =>
        _topicPuts.TryGetValue(topic, out var ring) ? ring.RecentPerSecond(Now(), seconds) : 0;

    /// <summary>Messages per second stored in the queue through this gateway over the last <paramref name="seconds"/> whole seconds.</summary>
    public double QueuePutTps(string topic, int queueId, int seconds = 10) =>
        _queuePuts.TryGetValue((topic, queueId), out var ring) ? ring.RecentPerSecond(Now(), seconds) : 0;

    /// <summary>Forgets a deleted topic's rings.</summary>
    public void ForgetTopic(string topic)
    {
        _topicPuts.TryRemove(topic, out _);
        foreach (var key in _queuePuts.Keys)
        {
            if (key.Topic == topic)
            {
                _queuePuts.TryRemove(key, out _);
            }
        }
    }

    public void RecordGet(string topic, string group, int count)
    {
        RollDay();
        Interlocked.Add(ref _getTotal, count);
        var now = Now();
        _gets.Add(now, count);
        _groupGets.GetOrAdd((topic, group), static _ => new RateRing()).Add(now, count);
    }

    public double PutTps => _puts.PerSecond(Now());

    public double GetTps => _gets.PerSecond(Now());

    public double GroupGetTps(string topic, string group) =>
        _groupGets.TryGetValue((topic, group), out var ring) ? ring.PerSecond(Now()) : 0;

    public (long TodayNow, long TodayMorning, long YesterdayMorning) PutDay
    {
        get
        {
            RollDay();
            return (PutTotal, Interlocked.Read(ref _putAtMidnight), Interlocked.Read(ref _putYesterdayMidnight));
        }
    }

    public (long TodayNow, long TodayMorning, long YesterdayMorning) GetDay
    {
        get
        {
            RollDay();
            return (GetTotal, Interlocked.Read(ref _getAtMidnight), Interlocked.Read(ref _getYesterdayMidnight));
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    private void RollDay()
    {
        var day = Now() / 86400;
        var seen = Interlocked.Read(ref _dayNumber);
        if (day != seen && Interlocked.CompareExchange(ref _dayNumber, day, seen) == seen)
        {
            Interlocked.Exchange(ref _putYesterdayMidnight, Interlocked.Read(ref _putAtMidnight));
            Interlocked.Exchange(ref _getYesterdayMidnight, Interlocked.Read(ref _getAtMidnight));
            Interlocked.Exchange(ref _putAtMidnight, PutTotal);
            Interlocked.Exchange(ref _getAtMidnight, GetTotal);
        }
    }

    /// <summary>Counts per second over the last 60 seconds.</summary>
    private sealed class RateRing
    {
        private readonly long[] _counts = new long[60];
        private readonly long[] _seconds = new long[60];

        public void Add(long second, long count)
        {
            var slot = (int)(second % 60);
            if (Interlocked.Exchange(ref _seconds[slot], second) != second)
            {
                Interlocked.Exchange(ref _counts[slot], 0);
            }
            Interlocked.Add(ref _counts[slot], count);
        }

        public double PerSecond(long now)
        {
            long sum = 0;
            for (var i = 0; i < 60; i++)
            {
                if (now - Volatile.Read(ref _seconds[i]) < 60)
                {
                    sum += Volatile.Read(ref _counts[i]);
                }
            }
            return sum / 60.0;
        }

        /// <summary>
        /// The average over the <paramref name="window"/> whole seconds before the current one (which is still
        /// filling, and would make a steady rate look lower).
        /// </summary>
        public double RecentPerSecond(long now, int window)
        {
            window = Math.Clamp(window, 1, 59);
            long sum = 0;
            for (var i = 0; i < 60; i++)
            {
                var age = now - Volatile.Read(ref _seconds[i]);
                if (age >= 1 && age <= window)
                {
                    sum += Volatile.Read(ref _counts[i]);
                }
            }
            return sum / (double)window;
        }
    }
}
