using System.Numerics;

namespace EventBroker.Bench.Metrics;

/// <summary>
/// A log-linear histogram of microsecond latencies in the spirit of HdrHistogram: values below 256 µs are
/// counted exactly, above that every power of two is split into 128 buckets, so any reported percentile is
/// within 0.8 % of the true value. Recording is one array increment, which keeps it off the generator's profile.
/// One writer per instance; readers (the progress line) merge snapshots and tolerate slightly stale counts.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 256;
    private const int SubBuckets = 128;
    private const int MaxShift = 30; // 2^38 µs, about 76 hours: nothing real gets clamped.

    private readonly long[] _counts = new long[LinearLimit + MaxShift * SubBuckets];

    public long Count { get; private set; }
    public long SumMicros { get; private set; }
    public long MaxMicros { get; private set; }
    public long MinMicros { get; private set; } = long.MaxValue;

    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }
        _counts[IndexOf(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }
        if (micros < MinMicros)
        {
            MinMicros = micros;
        }
    }

    /// <summary>Adds another histogram's counts; the count is taken from the buckets so a racing writer cannot skew percentiles.</summary>
    public void Add(LatencyHistogram other)
    {
        long count = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = other._counts[i];
            _counts[i] += c;
            count += c;
        }
        Count += count;
        SumMicros += other.SumMicros;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
        MinMicros = Math.Min(MinMicros, other.MinMicros);
    }

    /// <summary>
    /// The values recorded since <paramref name="earlier"/>, a snapshot of the same stream of values: per-second
    /// percentiles for the timeline come from the difference of two cumulative snapshots. The minimum and maximum
    /// of an interval are not kept by the buckets, so the difference reports bucket bounds for them.
    /// </summary>
    public LatencyHistogram Since(LatencyHistogram earlier)
    {
        var interval = new LatencyHistogram();
        long count = 0;
        long max = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Math.Max(0, _counts[i] - earlier._counts[i]);
            interval._counts[i] = c;
            count += c;
            if (c > 0)
            {
                max = UpperBound(i);
            }
        }
        interval.Count = count;
        interval.SumMicros = Math.Max(0, SumMicros - earlier.SumMicros);
        interval.MaxMicros = Math.Min(max, MaxMicros);
        interval.MinMicros = count == 0 ? long.MaxValue : 0;
        return interval;
    }

    /// <summary>The highest value equivalent to the bucket holding the given percentile (HdrHistogram's convention).</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), MaxMicros);
            }
        }
        return MaxMicros;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - 7;
        if (shift > MaxShift)
        {
            return LinearLimit + MaxShift * SubBuckets - 1;
        }
        return LinearLimit + (shift - 1) * SubBuckets + (int)(value >> shift) - SubBuckets;
    }

    private static long UpperBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        var shift = (index - LinearLimit) / SubBuckets + 1;
        long sub = (index - LinearLimit) % SubBuckets + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}
