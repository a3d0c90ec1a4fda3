using System.Collections.Concurrent;
using EventBroker.Gateway.Configuration;
using EventBroker.Routing;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// The line between the timer wheel's closed slots and the open ones, shared by the wheel and the send path through
/// the routing store (offset of group <c>%TIMER%{broker}</c> on rmq_sys_wheel_timer queue 1): every slot below it is
/// closing or closed, and a send must not rely on the wheel reading an entry appended there. The wheel raises the
/// line <em>before</em> its final read of a slot; a send appends first and reads the line afterwards, so either the
/// wheel's final read sees the entry or the send sees the raised line and delivers the message itself (the derived
/// event ids make a delivery by both a no-op). docs/decisions.md has the full argument.
/// </summary>
public sealed class TimerSlotFence(IRoutingStore routing, TimeProvider time)
{
    /// <summary>The queue of the progress group that holds the line (queue 0 holds the wheel's progress).</summary>
    public const int ClosedQueue = 1;

    /// <summary>How old a cached line the send path may use before its append (a stale line is lower, never unsafe).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Closed, long ReadAtMs)> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The first slot still open for appends, read from the routing store unless this gateway read it less than
    /// <paramref name="maxAge"/> ago. Zero before any wheel has run (then the wheel's first load decides).
    /// </summary>
    public async ValueTask<long> OpenFromAsync(LogicalBroker broker, TimeSpan maxAge, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (maxAge > TimeSpan.Zero && _seen.TryGetValue(broker.Name, out var seen) && now - seen.ReadAtMs < maxAge.TotalMilliseconds)
        {
            return seen.Closed;
        }
        var closed = await ReadAsync(broker, ct).ConfigureAwait(false) ?? 0;
        _seen.AddOrUpdate(broker.Name, (closed, now), (_, old) => (Math.Max(old.Closed, closed), now));
        return closed;
    }

    public async ValueTask<long?> ReadAsync(LogicalBroker broker, CancellationToken ct) =>
        await routing.GetOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, ClosedQueue, ct).ConfigureAwait(false);

    /// <summary>Raises the line to <paramref name="openFrom"/> (never lowers it); returns the line now stored.</summary>
    public async ValueTask<long> RaiseAsync(LogicalBroker broker, long openFrom, CancellationToken ct)
    {
        // Read first: a second wheel (a lease moving) or one whose clock is behind must not lower a line others saw.
        var stored = await ReadAsync(broker, ct).ConfigureAwait(false) ?? long.MinValue;
        if (stored >= openFrom)
        {
            return stored;
        }
        await routing.CommitOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, ClosedQueue, openFrom, ct).ConfigureAwait(false);
        return openFrom;
    }
}
