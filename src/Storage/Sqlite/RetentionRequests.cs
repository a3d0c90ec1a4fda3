namespace EventBroker.Storage.Sqlite;

/// <summary>Moves a stream's first revision up to <paramref name="revision"/> (never past its end).</summary>
internal sealed class TruncateRequest(string stream, long revision, CancellationToken cancellationToken)
    : WriteRequest<bool>(cancellationToken)
{
    protected override bool Run(WriteBatch batch)
    {
        if (batch.Find(stream) is { } state)
        {
            state.First = Math.Max(state.First, Math.Min(revision, state.Next));
        }
        return true;
    }
}

/// <summary>
/// Moves the first revision of every stream under a prefix past its events older than the cutoff. Timestamps are
/// taken as non-decreasing within a stream (they are stamped at append), so the cut is a binary search and
/// retention only ever removes a prefix: revisions stay dense.
/// </summary>
internal sealed class ApplyMaxAgeRequest(string streamPrefix, long cutoffMs, CancellationToken cancellationToken)
    : WriteRequest<bool>(cancellationToken)
{
    protected override bool Run(WriteBatch batch)
    {
        foreach (var state in batch.FindByPrefix(streamPrefix))
        {
            var db = batch.Db;
            var id = state.Id;
            var keepFrom = TimeSearch.FirstAtOrAfter(state.First, state.Next, cutoffMs, revision => db.TimestampAt(id, revision));
            state.First = Math.Max(state.First, keepFrom);
        }
        return true;
    }
}

/// <summary>Deletes a stream; its events are purged afterwards, and an append recreates it from revision 0.</summary>
internal sealed class DeleteStreamRequest(string stream, CancellationToken cancellationToken)
    : WriteRequest<bool>(cancellationToken)
{
    protected override bool Run(WriteBatch batch)
    {
        if (batch.Find(stream) is { } state)
        {
            batch.Delete(state);
        }
        return true;
    }
}
