namespace EventBroker.Storage.Sqlite;

/// <summary>Appends events to one stream, skipping ids the stream already holds.</summary>
internal sealed class AppendRequest(string stream, ReadOnlyMemory<EventToAppend> events, long? expectedNextRevision, CancellationToken cancellationToken)
    : WriteRequest<AppendResult>(cancellationToken)
{
    public override int EventCount => Math.Max(1, events.Length);

    protected override AppendResult Run(WriteBatch batch)
    {
        var state = batch.Find(stream);
        var next = state?.Next ?? 0;
        if (expectedNextRevision is { } expected && expected != next)
        {
            return AsRetry(batch, state) ?? throw new WrongExpectedRevisionException(stream, expected, next);
        }
        var results = new AppendedEvent[events.Length];
        if (events.Length == 0)
        {
            return new AppendResult(results) { NextRevision = next };
        }
        state ??= batch.Create(stream);
        var span = events.Span;
        for (var i = 0; i < span.Length; i++)
        {
            ref readonly var e = ref span[i];
            var position = batch.NextPosition;
            if (batch.Db.TryInsertEvent(position, state.Id, state.Next, e))
            {
                results[i] = new AppendedEvent(state.Next, position, WasDuplicate: false);
                state.Next++;
                batch.NextPosition++;
            }
            else
            {
                // Stored before, by an earlier append, a concurrent one in this batch, or earlier in this very append.
                var (revision, stored) = batch.Db.FindEvent(state.Id, e.EventId)
                    ?? throw new InvalidOperationException($"event {e.EventId} of stream '{stream}' was refused as a duplicate but is not stored");
                results[i] = new AppendedEvent(revision, stored, WasDuplicate: true);
            }
        }
        return new AppendResult(results) { NextRevision = state.Next };
    }

    /// <summary>
    /// An append sent again with the expected revision of its first, successful, attempt: when the stream holds every
    /// one of its ids, it is the same append and succeeds as duplicates rather than failing on the revision.
    /// </summary>
    private AppendResult? AsRetry(WriteBatch batch, StreamState? state)
    {
        if (state is null || events.Length == 0)
        {
            return null;
        }
        var results = new AppendedEvent[events.Length];
        var span = events.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (batch.Db.FindEvent(state.Id, span[i].EventId) is not { } found)
            {
                return null;
            }
            results[i] = new AppendedEvent(found.Revision, found.Position, WasDuplicate: true);
        }
        return new AppendResult(results) { NextRevision = state.Next };
    }
}
