using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using EventBroker.Storage;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// One logical broker's timer wheel, walked by the gateway holding the "timer" lease. <see cref="Progress"/> is the
/// first slot not yet finished (persisted as the offset of group <c>%TIMER%{broker}</c> on rmq_sys_wheel_timer
/// queue 0). Each pass reads what is new in the open slots (progress up to the current minute), delivers every
/// entry that is due in due-time order, and finishes slots whose minute ended more than <see cref="Grace"/> ago:
/// their stream is deleted and progress moves on. A new holder (or a restart) re-reads its slots from the persisted
/// progress and re-delivers what they hold; derived event ids make those re-deliveries no-ops.
/// </summary>
public sealed class TimerWheel(
    IStreamStore store,
    IRoutingStore routing,
    LogicalBroker broker,
    BrokerTopology topology,
    TimerDelivery delivery,
    TimerSlotFence fence)
{
    /// <summary>
    /// How long after its minute a slot stays open: a send that computed its due time just before the minute ended
    /// may still be appending, and other gateways' clocks may be slightly behind.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>At most this many slots are open at once, so catching up after downtime goes in bounded steps.</summary>
    public const int MaxOpenSlots = 64;

    /// <summary>Where a wheel without persisted progress starts: an hour back covers sends made before it first ran.</summary>
    public const int InitialLookBackSlots = 60;

    /// <summary>
    /// How long after finishing a slot the wheel looks at its stream once more: a send that read the fence before the
    /// slot closed but appended after the wheel deleted it recreates the stream; that send delivers its message itself
    /// (it reads the fence again after appending), so the wheel only removes the leftover.
    /// </summary>
    public static readonly TimeSpan SweepAfter = TimeSpan.FromSeconds(30);

    private const int ReadBatch = 1024;

    /// <summary>Due entries delivered per batch (read in pages, appended grouped per real queue).</summary>
    private const int DeliverChunk = 1024;
    private readonly SortedDictionary<long, SlotCursor> _open = [];
    private readonly Queue<(long Slot, long FinishedAtMs)> _finished = new();

    /// <summary>The first slot not yet finished (delivered and deleted).</summary>
    public long Progress { get; private set; }

    /// <summary>The first slot still open for appends (<see cref="TimerSlotFence"/>); slots from Progress below it are closing.</summary>
    public long OpenFrom { get; private set; }

    /// <summary>Entries read from the open slots and not delivered yet.</summary>
    public long PendingCount => _open.Values.Sum(c => (long)c.Pending.Count);

    public static string ProgressGroup(LogicalBroker broker) => "%TIMER%" + broker.Name;

    public async Task LoadAsync(long nowMs, CancellationToken ct)
    {
        var stored = await routing.GetOffsetAsync(broker.Name, ProgressGroup(broker), TimerSlots.TimerTopic, 0, ct).ConfigureAwait(false);
        Progress = stored ?? TimerSlots.SlotOf(nowMs) - InitialLookBackSlots;
        // Slots below the progress are finished: sends must not write there (a wheel's first run starts an hour back).
        OpenFrom = await fence.RaiseAsync(broker, Progress, ct).ConfigureAwait(false);
    }

    /// <returns>How long to wait before the next pass (zero: at once), and the streams whose growth should end the wait early.</returns>
    public async Task<(TimeSpan Wait, List<(string Stream, long Seen)> WakeOn)> PassAsync(Func<long> nowMs, CancellationToken ct)
    {
        var now = nowMs();
        var nowSlot = TimerSlots.SlotOf(now);
        var last = Math.Min(nowSlot, Progress + MaxOpenSlots - 1);
        for (var slot = Progress; slot <= last; slot++)
        {
            if (!_open.ContainsKey(slot))
            {
                _open[slot] = new SlotCursor(slot, TimerSlots.StreamName(topology.ClusterName, broker.Name, slot));
            }
        }
        // Close the slots whose minute ended more than the grace ago BEFORE reading them: a send appends first and
        // reads the fence after, so an append this read misses is one whose sender sees the raised fence and
        // delivers the message itself.
        var closeBelow = Math.Min(TimerSlots.SlotOf(now - (long)Grace.TotalMilliseconds), last + 1);
        if (closeBelow > OpenFrom)
        {
            OpenFrom = await fence.RaiseAsync(broker, closeBelow, ct).ConfigureAwait(false);
        }
        foreach (var cursor in _open.Values)
        {
            await cursor.ReadNewAsync(store, ct).ConfigureAwait(false);
        }

        await DeliverDueAsync(now, nowMs, ct).ConfigureAwait(false);

        var finished = false;
        while (Progress < OpenFrom && _open.TryGetValue(Progress, out var front) && front.Pending.Count == 0)
        {
            if (front.ReadUpTo > 0)
            {
                await store.DeleteStreamAsync(front.Stream, ct).ConfigureAwait(false);
            }
            _open.Remove(Progress);
            _finished.Enqueue((Progress, now));
            Progress++;
            finished = true;
        }
        if (finished)
        {
            await routing.CommitOffsetAsync(broker.Name, ProgressGroup(broker), TimerSlots.TimerTopic, 0, Progress, ct).ConfigureAwait(false);
        }
        await SweepFinishedAsync(now, ct).ConfigureAwait(false);

        var wakeOn = new List<(string, long)>(2);
        if (Progress + MaxOpenSlots <= nowSlot)
        {
            return (TimeSpan.Zero, wakeOn); // still catching up
        }
        var next = TimerSlots.StartOf(nowSlot + 1);
        foreach (var cursor in _open.Values)
        {
            foreach (var (_, due) in cursor.Pending)
            {
                next = Math.Min(next, due);
            }
            if (cursor.Slot >= nowSlot - 1)
            {
                wakeOn.Add((cursor.Stream, cursor.ReadUpTo));
            }
        }
        if (_open.TryGetValue(Progress, out var first) && first.Pending.Count == 0)
        {
            next = Math.Min(next, TimerSlots.StartOf(Progress + 1) + (long)Grace.TotalMilliseconds);
        }
        return (TimeSpan.FromMilliseconds(Math.Clamp(next - nowMs(), 0, 5_000)), wakeOn);
    }

    /// <summary>Removes what sends racing a slot's close appended after the wheel deleted it (they delivered it themselves).</summary>
    private async Task SweepFinishedAsync(long now, CancellationToken ct)
    {
        while (_finished.TryPeek(out var done) && now >= done.FinishedAtMs + (long)SweepAfter.TotalMilliseconds)
        {
            _finished.Dequeue();
            var stream = TimerSlots.StreamName(topology.ClusterName, broker.Name, done.Slot);
            if ((await store.GetBoundsAsync(stream, ct).ConfigureAwait(false)).NextRevision > 0)
            {
                await store.DeleteStreamAsync(stream, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverDueAsync(long now, Func<long> nowMs, CancellationToken ct)
    {
        List<(long Due, long Slot, long Revision)>? due = null;
        foreach (var cursor in _open.Values)
        {
            foreach (var (revision, d) in cursor.Pending)
            {
                if (d <= now)
                {
                    (due ??= []).Add((d, cursor.Slot, revision));
                }
            }
        }
        if (due is null)
        {
            return;
        }
        due.Sort();
        // In chunks, so a huge backlog is delivered (and its pending entries dropped) progressively.
        var chunk = new List<(string Stream, long Revision)>(DeliverChunk);
        for (var from = 0; from < due.Count; from += DeliverChunk)
        {
            chunk.Clear();
            for (var i = from; i < Math.Min(due.Count, from + DeliverChunk); i++)
            {
                chunk.Add((_open[due[i].Slot].Stream, due[i].Revision));
            }
            await delivery.DeliverBatchAsync(broker, chunk, nowMs(), ct, CancelledIn).ConfigureAwait(false);
            for (var i = from; i < Math.Min(due.Count, from + DeliverChunk); i++)
            {
                _open[due[i].Slot].Pending.Remove(due[i].Revision);
            }
        }
    }

    /// <summary>
    /// The keys cancelled by markers read from a slot stream (null: none). Every pass reads the open slots before it
    /// delivers, so a marker appended before that read stops its entry, even one read passes ago.
    /// </summary>
    private IReadOnlySet<string>? CancelledIn(string stream)
    {
        foreach (var cursor in _open.Values)
        {
            if (cursor.Cancelled is { } cancelled && string.Equals(cursor.Stream, stream, StringComparison.Ordinal))
            {
                return cancelled;
            }
        }
        return null;
    }

    /// <summary>What this holder has read of one slot stream, and which of its entries are not delivered yet.</summary>
    private sealed class SlotCursor(long slot, string stream)
    {
        public long Slot { get; } = slot;

        public string Stream { get; } = stream;

        /// <summary>The next revision to read.</summary>
        public long ReadUpTo { get; private set; }

        /// <summary>Undelivered entries: revision → due epoch ms.</summary>
        public Dictionary<long, long> Pending { get; } = [];

        /// <summary>What the cancel markers (TIMER_DEL_UNIQKEY) read so far name, <c>{realTopic}+{UNIQ_KEY}</c>; null until one is read.</summary>
        public HashSet<string>? Cancelled { get; private set; }

        public async Task ReadNewAsync(IStreamStore store, CancellationToken ct)
        {
            while (true)
            {
                using var batch = await store.ReadForwardAsync(Stream, ReadUpTo, ReadBatch, 1024 * 1024, ct).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    return;
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = batch.Entries[i];
                    ReadUpTo = entry.Revision + 1;
                    var hasDue = TimerRouting.TryReadEntry(batch.GetData(i).Span, out var due, out var cancels);
                    if (cancels is not null)
                    {
                        // A marker is never delivered; it only stops the entry it names in this slot.
                        (Cancelled ??= new HashSet<string>(StringComparer.Ordinal)).Add(cancels);
                        continue;
                    }
                    // A record without a readable TIMER_OUT_MS (written by hand?) is delivered with its slot.
                    Pending[entry.Revision] = hasDue ? due : TimerSlots.StartOf(Slot);
                }
                if (batch.Count < ReadBatch)
                {
                    return;
                }
            }
        }
    }
}
