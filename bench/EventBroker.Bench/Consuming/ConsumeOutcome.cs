namespace EventBroker.Bench.Consuming;

/// <summary>The drain merged over all queues.</summary>
public sealed record ConsumeOutcome(
    long Consumed,
    long Expected,
    TimeSpan Duration,
    long Pulls,
    long Inconsistent,
    IReadOnlyDictionary<int, long> Errors,
    IReadOnlyList<string> Abandoned)
{
    public double Tps => Duration.TotalSeconds > 0 ? Consumed / Duration.TotalSeconds : 0;

    public static ConsumeOutcome Merge(IReadOnlyList<QueuePuller> pullers, TimeSpan duration)
    {
        var errors = new SortedDictionary<int, long>();
        foreach (var (code, count) in pullers.SelectMany(p => p.Errors))
        {
            errors[code] = errors.GetValueOrDefault(code) + count;
        }
        return new ConsumeOutcome(
            pullers.Sum(p => p.Consumed),
            pullers.Sum(p => p.EndOffset - p.StartOffset),
            duration,
            pullers.Sum(p => p.Pulls),
            pullers.Sum(p => p.Inconsistent),
            errors,
            pullers.Where(p => p.GaveUp is not null).Select(p => $"queue {p.QueueId}: {p.GaveUp}").ToList());
    }
}
