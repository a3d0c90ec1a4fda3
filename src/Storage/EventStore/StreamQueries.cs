using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// The read side: bounds, forward reads, reads by position and by time. Every read asks for
/// <c>compatibility = 1</c>, so the server adds the stream's last revision (<c>last_stream_position</c>) and, when a
/// read finds nothing where it started, where events would start (<c>first_stream_position</c>). The first revision
/// is the first event the server still shows: truncate-before ($tb), $maxCount, $maxAge and soft deletion all hide
/// events server-side.
/// </summary>
internal sealed class StreamQueries(IEventStoreClient client, PositionWatermark watermark)
{
    private const int SearchPage = 32;
    private const int MaxSearchPages = 16;

    /// <summary>Bounds and first event; null when the stream does not exist or is deleted.</summary>
    public async Task<StreamProbe?> ProbeAsync(string stream, bool fromLeader, CancellationToken ct)
    {
        var head = await ReadAsync(stream, fromRevision: null, count: 1, long.MaxValue, fromLeader, ct).ConfigureAwait(false);
        if (head.StreamNotFound)
        {
            return null;
        }
        var next = await NextRevisionAsync(stream, head, fromLeader, ct).ConfigureAwait(false);
        if (head.Events.Count > 0)
        {
            var first = head.Events[0];
            return new StreamProbe(new StreamBounds(Math.Min((long)first.StreamRevision, next), next), first);
        }
        // Nothing visible at the start: search from where the server says events resume ($maxAge hides events one by one).
        var from = (long)(head.FirstStreamPosition ?? (ulong)next);
        for (var page = 0; page < MaxSearchPages && from < next; page++)
        {
            var slice = await ReadAsync(stream, from, SearchPage, long.MaxValue, fromLeader, ct).ConfigureAwait(false);
            if (slice.Events.Count > 0)
            {
                return new StreamProbe(new StreamBounds((long)slice.Events[0].StreamRevision, next), slice.Events[0]);
            }
            from = slice.FirstStreamPosition is { } resume && (long)resume > from ? (long)resume : from + SearchPage;
        }
        return new StreamProbe(new StreamBounds(Math.Min(from, next), next), null);
    }

    public async Task<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes, CancellationToken ct)
    {
        // The first revision is not part of a read's answer: probe it alongside, on the same HTTP/2 connection.
        var probeTask = ProbeAsync(stream, fromLeader: false, ct);
        var dataTask = ReadAsync(stream, fromRevision, maxCount, maxBytes, fromLeader: false, ct);
        await Task.WhenAll(probeTask, dataTask).ConfigureAwait(false);
        var (probe, data) = (probeTask.Result, dataTask.Result);
        if (probe is null || data.StreamNotFound)
        {
            return EventBatch.Empty(default);
        }
        var (first, next) = (probe.Bounds.FirstRevision, probe.Bounds.NextRevision);
        if (data.Events.Count == 0 && fromRevision < first && first < next)
        {
            // Events below the first are hidden by age, which the server skips over only one page at a time.
            data = await ReadAsync(stream, first, maxCount, maxBytes, fromLeader: false, ct).ConfigureAwait(false);
        }
        if (data.LastStreamPosition is { } last)
        {
            next = Math.Max(next, (long)last + 1);
        }
        if (data.Events.Count > 0)
        {
            first = Math.Min(first, (long)data.Events[0].StreamRevision);
            next = Math.Max(next, (long)data.Events[^1].StreamRevision + 1);
        }
        return PooledBatch.Build(data.Events, new StreamBounds(first, next));
    }

    public async Task<StoredEvent?> ReadByPositionAsync(long position, CancellationToken ct)
    {
        if (position < 0)
        {
            return null;
        }
        ReadResult result;
        try
        {
            result = await client.ReadAsync(StreamsRequests.ReadAll((ulong)position, (ulong)position, 1), long.MaxValue, fromLeader: false, ct).ConfigureAwait(false);
        }
        catch (EventStoreClientException ex) when (ex.Code == GrpcStatusCode.InvalidArgument)
        {
            // "Trying to read from an invalid position.": not the start of a record.
            return null;
        }
        if (result.Events is not [var e] || EventRecordFormat.PositionOf(e) != position)
        {
            return null;
        }
        watermark.Observe(e.PreparePosition);
        var stream = EventRecordFormat.StreamOf(e);
        if (stream.StartsWith('$'))
        {
            return null;
        }
        // $all still holds truncated and deleted events until a scavenge: the stream decides whether it is visible.
        var probe = await ProbeAsync(stream, fromLeader: false, ct).ConfigureAwait(false);
        var revision = (long)e.StreamRevision;
        if (probe is null || revision < probe.Bounds.FirstRevision || revision >= probe.Bounds.NextRevision)
        {
            return null;
        }
        return new StoredEvent(stream, revision, position, EventRecordFormat.TimestampOf(e), Uuids.ToGuid(e.Id), e.Data.Memory);
    }

    /// <summary>
    /// Binary search over the visible revisions, one single-event read per step: about log2(count) sequential round
    /// trips (20 for a million events). Assumes timestamps do not decrease along the stream, as store times do.
    /// </summary>
    public async Task<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken ct)
    {
        if (await ProbeAsync(stream, fromLeader: false, ct).ConfigureAwait(false) is not { } probe)
        {
            return 0;
        }
        var (lo, hi) = (probe.Bounds.FirstRevision, probe.Bounds.NextRevision);
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var at = await ReadAsync(stream, mid, 1, long.MaxValue, fromLeader: false, ct).ConfigureAwait(false);
            if (at.Events is not [var e])
            {
                hi = mid;
            }
            else if (EventRecordFormat.TimestampOf(e) >= timestampMs)
            {
                hi = mid;
            }
            else
            {
                lo = (long)e.StreamRevision + 1;
            }
        }
        if (lo >= probe.Bounds.NextRevision)
        {
            return probe.Bounds.NextRevision;
        }
        // lo may sit on a hidden revision: answer the first visible one from there.
        var landing = await ReadAsync(stream, lo, 1, long.MaxValue, fromLeader: false, ct).ConfigureAwait(false);
        return landing.Events is [var found] ? (long)found.StreamRevision : probe.Bounds.NextRevision;
    }

    public async Task<long?> GetFirstTimestampAsync(string stream, CancellationToken ct)
        => await ProbeAsync(stream, fromLeader: false, ct).ConfigureAwait(false) is { First: { } first } ? EventRecordFormat.TimestampOf(first) : null;

    /// <summary>One read; events seen move the watermark.</summary>
    public async Task<ReadResult> ReadAsync(string stream, long? fromRevision, long count, long maxBytes, bool fromLeader, CancellationToken ct)
    {
        var request = StreamsRequests.ReadStream(stream, fromRevision is { } r ? (ulong)r : null, backwards: false, (ulong)count);
        var result = await client.ReadAsync(request, maxBytes, fromLeader, ct).ConfigureAwait(false);
        if (result.Events.Count > 0)
        {
            watermark.Observe(result.Events[^1].PreparePosition);
        }
        return result;
    }

    private async Task<long> NextRevisionAsync(string stream, ReadResult head, bool fromLeader, CancellationToken ct)
    {
        if (head.LastStreamPosition is { } last)
        {
            return (long)last + 1;
        }
        // A server that ignores compatibility 1: the last visible event, read backwards from the end.
        var tail = await client.ReadAsync(StreamsRequests.ReadStream(stream, null, backwards: true, 1), long.MaxValue, fromLeader, ct).ConfigureAwait(false);
        return tail.Events is [var e] ? (long)e.StreamRevision + 1 : head.Events.Count > 0 ? (long)head.Events[0].StreamRevision + 1 : 0;
    }
}
