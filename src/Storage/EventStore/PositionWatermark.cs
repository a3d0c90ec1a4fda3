namespace EventBroker.Storage.EventStore;

/// <summary>
/// The highest $all position this store has seen (append results, reads, the subscription, the log end at open).
/// EventStoreDB answers an idempotent repeat exactly like the original write, but a new write always lands past
/// everything already in the log: so an append whose position is not above the watermark taken before it was sent
/// repeated an earlier write. The test is one-sided: a repeat of a write this process never saw counts as new.
/// </summary>
internal sealed class PositionWatermark
{
    private long _highest;

    public long Current => Volatile.Read(ref _highest);

    public void Observe(ulong position)
    {
        var value = (long)Math.Min(position, long.MaxValue);
        var current = Volatile.Read(ref _highest);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _highest, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
