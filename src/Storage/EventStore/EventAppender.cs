using EventBroker.Storage.EventStore.Client;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// The write side. One append is one EventStoreDB Append, atomic, with the expected revision mapped as: none → any,
/// next 0 → no_stream, next n → revision n-1. Around it:
/// <list type="bullet">
/// <item>ids repeated inside one append are sent once;</item>
/// <item>an append above the server's max append size is split into several appends when it has no expected revision
/// (each part atomic, the whole not), refused with <see cref="AppendTooLargeException"/> when it has one, and refused
/// when one event alone is too large;</item>
/// <item>the revision and position of each event: a single new event's come with the answer; otherwise the events are
/// read back from the leader by id (an idempotent answer names the original write's last event only);</item>
/// <item>duplicates are recognised by position (<see cref="PositionWatermark"/>);</item>
/// <item>"some ids stored, some not", which the server answers as a wrong expected version, is appended event by event;</item>
/// <item>a repeat of ids whose originals are deleted or truncated is stored again as new events, at the stream's end.</item>
/// </list>
/// </summary>
internal sealed class EventAppender(
    IEventStoreClient client, StreamQueries queries, StreamCatalog catalog, PositionWatermark watermark, AppendSignals signals, AppendLimit limit, ILogger logger)
{
    private const int RewriteAttempts = 3;
    private const int LocateRetries = 10;
    private static readonly TimeSpan LocateRetryDelay = TimeSpan.FromMilliseconds(50);

    // An expected revision no stream reaches: an empty append with it is answered with the stream's actual revision.
    private static readonly ExpectedRevision Unreachable = ExpectedRevision.Exact(long.MaxValue - 1);

    public async Task<AppendResult> AppendAsync(string stream, ReadOnlyMemory<EventToAppend> events, long? expectedNext, CancellationToken ct)
    {
        if (events.IsEmpty)
        {
            return await AppendNothingAsync(stream, expectedNext, ct).ConfigureAwait(false);
        }
        var plan = AppendPlan.Of(events.Span);
        if (plan.LargestEvent > limit.Bytes)
        {
            throw TooLarge(stream, $"one event holds {plan.LargestEvent} bytes");
        }
        if (plan.DataBytes > limit.Bytes && expectedNext is not null)
        {
            throw TooLarge(stream, $"the append holds {plan.DataBytes} bytes and has an expected revision, so it cannot be split");
        }
        await catalog.EnsureRegisteredAsync(stream, ct).ConfigureAwait(false);
        var stored = plan.DataBytes > limit.Bytes
            ? await AppendInPartsAsync(stream, plan.Unique, ct).ConfigureAwait(false)
            : await AppendAtomicAsync(stream, plan.Unique, expectedNext, ct).ConfigureAwait(false);

        var results = new AppendedEvent[plan.Slots.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var at = stored.Events[plan.Slots[i]];
            results[i] = plan.Repeats[i] ? at with { WasDuplicate = true } : at;
        }
        var newest = stored.Events.Where(e => !e.WasDuplicate).Select(e => e.Revision).DefaultIfEmpty(-1).Max();
        if (newest >= 0)
        {
            signals.Publish(stream, newest + 1);
        }
        return new AppendResult(results) { NextRevision = stored.NextRevision };
    }

    private async Task<Stored> AppendAtomicAsync(string stream, EventToAppend[] events, long? expectedNext, CancellationToken ct)
    {
        var snapshot = watermark.Current;
        AppendOutcome outcome;
        try
        {
            outcome = await client.AppendAsync(stream, Expected(expectedNext), Proposed(events), ct).ConfigureAwait(false);
        }
        catch (MaximumAppendSizeExceededException ex)
        {
            var bytes = events.Sum(e => (long)e.Data.Length);
            var lowered = limit.Lower(ex.MaxAppendSize, bytes);
            EventStoreStoreLog.AppendLimitLowered(logger, stream, lowered);
            if (expectedNext is null && events.Length > 1 && events.All(e => e.Data.Length <= lowered))
            {
                return await AppendInPartsAsync(stream, events, ct).ConfigureAwait(false);
            }
            throw TooLarge(stream, $"the server's maximum append size is {ex.MaxAppendSize} bytes");
        }
        if (!outcome.Succeeded)
        {
            if (expectedNext is not null)
            {
                throw new WrongExpectedRevisionException(stream, expectedNext.Value, outcome.CurrentRevision is { } current ? (long)current + 1 : 0);
            }
            if (events.Length == 1)
            {
                throw new StreamStoreException($"EventStoreDB refused an append to '{stream}' with expected revision 'any': the stream is in an invalid state");
            }
            // Expected 'any' fails only when part of the ids are already stored: each event alone is either new or a repeat.
            return await AppendEachAsync(stream, events, ct).ConfigureAwait(false);
        }
        return await ResolveAsync(stream, events, outcome, snapshot, mayRewrite: true, ct).ConfigureAwait(false);
    }

    private async Task<Stored> ResolveAsync(string stream, EventToAppend[] events, AppendOutcome outcome, long snapshot, bool mayRewrite, CancellationToken ct)
    {
        if (outcome.CurrentRevision is not { } last || outcome.PreparePosition is not { } position)
        {
            throw new StreamStoreException($"EventStoreDB acknowledged an append to '{stream}' without a revision or position");
        }
        watermark.Observe(position);
        var repeat = (long)position <= snapshot;
        if (!repeat && events.Length == 1)
        {
            return new Stored([new AppendedEvent((long)last, (long)position, false)], (long)last + 1);
        }
        if (await LocateAsync(stream, events, last, snapshot, ct).ConfigureAwait(false) is { } located)
        {
            return located;
        }
        if (repeat && mayRewrite)
        {
            return await RewriteAsync(stream, events, ct).ConfigureAwait(false);
        }
        // A write just acknowledged may not read back at once: when it recreated a soft-deleted stream, the server
        // lifts the stream's $tb in a second step (EventStoreDB issue 1744). Give it a moment.
        for (var attempt = 0; attempt < LocateRetries; attempt++)
        {
            await Task.Delay(LocateRetryDelay, ct).ConfigureAwait(false);
            if (await LocateAsync(stream, events, last, snapshot, ct).ConfigureAwait(false) is { } late)
            {
                return late;
            }
        }
        throw new StreamStoreException($"EventStoreDB acknowledged an append to '{stream}' ending at revision {last}, but its events cannot be read back there");
    }

    /// <summary>
    /// Reads the events back by id around the reported last revision: a new write ends there; an idempotent answer
    /// names the revision of the append's last id, which for a reordered repeat may be the lowest.
    /// </summary>
    private async Task<Stored?> LocateAsync(string stream, EventToAppend[] events, ulong last, long snapshot, CancellationToken ct)
    {
        var n = (ulong)events.Length;
        var from = last >= n - 1 ? last - (n - 1) : 0;
        var read = await queries.ReadAsync(stream, (long)from, 2 * (long)n, long.MaxValue, fromLeader: true, ct).ConfigureAwait(false);
        var byId = new Dictionary<Guid, AppendedEvent>(read.Events.Count);
        foreach (var e in read.Events)
        {
            var position = EventRecordFormat.PositionOf(e);
            byId.TryAdd(Uuids.ToGuid(e.Id), new AppendedEvent((long)e.StreamRevision, position, position <= snapshot));
        }
        var located = new AppendedEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            if (!byId.TryGetValue(events[i].EventId, out located[i]))
            {
                return null;
            }
        }
        var next = read.LastStreamPosition is { } lastInStream ? (long)lastInStream + 1 : located.Max(e => e.Revision) + 1;
        return new Stored(located, next);
    }

    /// <summary>
    /// The server answered with an earlier write of these ids that is no longer visible (the stream was deleted or
    /// truncated since). Expecting the stream's actual last revision turns the server's idempotency check off.
    /// </summary>
    private async Task<Stored> RewriteAsync(string stream, EventToAppend[] events, CancellationToken ct)
    {
        for (var attempt = 0; attempt < RewriteAttempts; attempt++)
        {
            var probe = await client.AppendAsync(stream, Unreachable, [], ct).ConfigureAwait(false);
            var expected = probe.CurrentRevision is { } current ? ExpectedRevision.Exact(current) : ExpectedRevision.NoStream;
            var snapshot = watermark.Current;
            var outcome = await client.AppendAsync(stream, expected, Proposed(events), ct).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                EventStoreStoreLog.DuplicatesRewritten(logger, stream);
                return await ResolveAsync(stream, events, outcome, snapshot, mayRewrite: false, ct).ConfigureAwait(false);
            }
        }
        throw new StoreUnavailableException($"stream '{stream}' kept growing under {RewriteAttempts} attempts to store repeated ids again; try again");
    }

    private async Task<Stored> AppendEachAsync(string stream, EventToAppend[] events, CancellationToken ct)
    {
        var stored = new AppendedEvent[events.Length];
        var next = 0L;
        for (var i = 0; i < events.Length; i++)
        {
            var one = await AppendAtomicAsync(stream, [events[i]], null, ct).ConfigureAwait(false);
            (stored[i], next) = (one.Events[0], Math.Max(next, one.NextRevision));
        }
        return new Stored(stored, next);
    }

    private async Task<Stored> AppendInPartsAsync(string stream, EventToAppend[] events, CancellationToken ct)
    {
        var stored = new List<AppendedEvent>(events.Length);
        var next = 0L;
        foreach (var part in AppendPlan.Chunks(events, limit.Bytes))
        {
            var one = await AppendAtomicAsync(stream, part, null, ct).ConfigureAwait(false);
            stored.AddRange(one.Events);
            next = Math.Max(next, one.NextRevision);
        }
        return new Stored([.. stored], next);
    }

    private async Task<AppendResult> AppendNothingAsync(string stream, long? expectedNext, CancellationToken ct)
    {
        var probe = await queries.ProbeAsync(stream, fromLeader: true, ct).ConfigureAwait(false);
        var next = probe?.Bounds.NextRevision ?? 0;
        if (expectedNext is { } expected && expected != next)
        {
            throw new WrongExpectedRevisionException(stream, expected, next);
        }
        return new AppendResult([]) { NextRevision = next };
    }

    private static ExpectedRevision Expected(long? expectedNext) => expectedNext switch
    {
        null => ExpectedRevision.Any,
        0 => ExpectedRevision.NoStream,
        var next => ExpectedRevision.Exact((ulong)(next.Value - 1)),
    };

    private static ProposedEvent[] Proposed(EventToAppend[] events) => Array.ConvertAll(events, e => EventRecordFormat.ToProposed(e));

    private AppendTooLargeException TooLarge(string stream, string why)
        => new($"the append to '{stream}' is larger than EventStoreDB accepts in one write ({limit.Bytes} bytes of event data): {why}");

    private sealed record Stored(AppendedEvent[] Events, long NextRevision);
}
