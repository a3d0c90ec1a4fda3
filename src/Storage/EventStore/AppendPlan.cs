namespace EventBroker.Storage.EventStore;

/// <summary>
/// An append with repeated ids folded: each id is sent once (EventStoreDB would store a repeat within one append
/// twice), and every input event remembers which sent event stands for it.
/// </summary>
internal sealed class AppendPlan
{
    private AppendPlan(EventToAppend[] unique, int[] slots, bool[] repeats, long dataBytes, int largest)
    {
        Unique = unique;
        Slots = slots;
        Repeats = repeats;
        DataBytes = dataBytes;
        LargestEvent = largest;
    }

    public EventToAppend[] Unique { get; }

    /// <summary>For each input event, its index in <see cref="Unique"/>.</summary>
    public int[] Slots { get; }

    /// <summary>For each input event, true when an earlier event of the same append has its id.</summary>
    public bool[] Repeats { get; }

    /// <summary>Data bytes of the unique events: what the server's max append size counts (23.10 counts data only).</summary>
    public long DataBytes { get; }

    public int LargestEvent { get; }

    public static AppendPlan Of(ReadOnlySpan<EventToAppend> events)
    {
        var unique = new List<EventToAppend>(events.Length);
        var slotOf = new Dictionary<Guid, int>(events.Length);
        var slots = new int[events.Length];
        var repeats = new bool[events.Length];
        long bytes = 0;
        var largest = 0;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (slotOf.TryGetValue(e.EventId, out var slot))
            {
                (slots[i], repeats[i]) = (slot, true);
                continue;
            }
            slotOf[e.EventId] = slots[i] = unique.Count;
            unique.Add(e);
            bytes += e.Data.Length;
            largest = Math.Max(largest, e.Data.Length);
        }
        return new AppendPlan([.. unique], slots, repeats, bytes, largest);
    }

    /// <summary>Consecutive runs of events, each at most <paramref name="maxBytes"/> of data (an event larger than that alone).</summary>
    public static IEnumerable<EventToAppend[]> Chunks(EventToAppend[] events, int maxBytes)
    {
        var start = 0;
        long bytes = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (i > start && bytes + events[i].Data.Length > maxBytes)
            {
                yield return events[start..i];
                (start, bytes) = (i, 0);
            }
            bytes += events[i].Data.Length;
        }
        yield return events[start..];
    }
}
