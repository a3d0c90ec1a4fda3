namespace EventBroker.Gateway.Observability;

/// <summary>How an instrument is exposed: a monotonic counter, a value that goes up and down, or a histogram.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One labelled series: a running value (counters, gauges) or bucket counts with sum and count (histograms).</summary>
internal sealed class MetricSeries(int buckets)
{
    /// <summary>Upper bounds (seconds) of the histogram buckets: sub-millisecond store appends up to 10 s stalls.</summary>
    public static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _bucketCounts = new long[buckets];
    private double _value;
    private long _count;

    public double Value => Volatile.Read(ref _value);

    public long Count => Interlocked.Read(ref _count);

    public long BucketCount(int i) => Interlocked.Read(ref _bucketCounts[i]);

    public void Add(double delta)
    {
        // Lock-free add on a double: retried only when another thread added in between.
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value)
    {
        var i = Array.BinarySearch(Bounds, value);
        // Not found: the complement of the first bound above the value; found: that bound (le is inclusive).
        Interlocked.Increment(ref _bucketCounts[i < 0 ? ~i : i]);
        Interlocked.Increment(ref _count);
        Add(value);
    }
}
