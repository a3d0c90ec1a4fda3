using EventBroker.Bench.Metrics;

namespace EventBroker.Bench.Sending;

/// <summary>The send phase merged over all senders.</summary>
public sealed record SendOutcome(
    long StoredTotal,
    long StoredMeasured,
    long FailedMeasured,
    TimeSpan Duration,
    LatencyHistogram Latency,
    IReadOnlyDictionary<int, long> Errors,
    string? FirstErrorRemark)
{
    public double Tps => Duration.TotalSeconds > 0 ? StoredMeasured / Duration.TotalSeconds : 0;

    public static SendOutcome Merge(IReadOnlyList<Sender> senders, TimeSpan duration)
    {
        var latency = new LatencyHistogram();
        var errors = new SortedDictionary<int, long>();
        foreach (var sender in senders)
        {
            latency.Add(sender.Histogram);
            foreach (var (code, count) in sender.Errors)
            {
                errors[code] = errors.GetValueOrDefault(code) + count;
            }
        }
        return new SendOutcome(
            senders.Sum(s => s.StoredTotal),
            senders.Sum(s => s.StoredMeasured),
            senders.Sum(s => s.FailedMeasured),
            duration,
            latency,
            errors,
            senders.Select(s => s.FirstErrorRemark).FirstOrDefault(r => r is not null));
    }
}
