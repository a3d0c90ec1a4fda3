namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Events that truncation, retention or deletion made unreachable, still to be deleted from the file. Removal is
/// logical first (the stream's first revision moves, or its row goes) and physical here, a chunk per transaction,
/// so a large clean-up never holds the write lock for long. Owned by the writer thread.
/// </summary>
internal sealed class PurgeQueue
{
    private const int ChunkEvents = 1024;
    private const long WholeStream = long.MaxValue;

    // Stream id -> delete every event below this revision (WholeStream: the stream was deleted).
    private readonly Dictionary<long, long> _targets = [];

    public bool HasWork => _targets.Count > 0;

    public void AddTruncated(long streamId, long belowRevision)
    {
        if (!_targets.TryGetValue(streamId, out var current) || belowRevision > current)
        {
            _targets[streamId] = belowRevision;
        }
    }

    public void AddDeleted(long streamId) => _targets[streamId] = WholeStream;

    /// <summary>Rebuilds the queue from the database: deleted streams, and streams holding events below their first revision.</summary>
    public void Load(WriteConnection db, IEnumerable<StreamInfo> streams)
    {
        _targets.Clear();
        foreach (var id in db.LoadDeletedStreamIds())
        {
            AddDeleted(id);
        }
        foreach (var stream in streams)
        {
            if (db.MinStoredRevision(stream.Id) < stream.FirstRevision)
            {
                AddTruncated(stream.Id, stream.FirstRevision);
            }
        }
    }

    /// <summary>Deletes up to one chunk of one stream's unreachable events; each statement is its own transaction.</summary>
    public void RunChunk(WriteConnection db)
    {
        var (streamId, below) = _targets.First();
        var lowest = db.MinStoredRevision(streamId);
        if (lowest is null || lowest >= below)
        {
            if (below == WholeStream)
            {
                db.ForgetDeletedStream(streamId);
            }
            _targets.Remove(streamId);
            return;
        }
        var upTo = below == WholeStream ? lowest.Value + ChunkEvents : Math.Min(lowest.Value + ChunkEvents, below);
        db.PurgeRange(streamId, lowest.Value, upTo);
    }
}
