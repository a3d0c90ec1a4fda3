namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The working state of one group commit: which streams it touched and how, and the next position. Requests
/// change it while the transaction is open; <see cref="Publish"/> makes it the catalog's state once committed.
/// </summary>
/// <param name="catalogIsComplete">True for the only writer of the file, whose catalog holds every stream. False in
/// shared mode, where it holds only the streams this writer has seen since other processes last committed, so a stream
/// missing from it is looked up in the file, inside the transaction.</param>
internal sealed class WriteBatch(StreamCatalog catalog, bool catalogIsComplete)
{
    // A null value marks a stream deleted earlier in this batch, so later requests do not fall back to the catalog.
    private readonly Dictionary<string, StreamState?> _streams = new(StringComparer.Ordinal);
    private readonly List<long> _deleted = [];
    private WriteConnection? _db;
    private bool _removesEvents;

    public WriteConnection Db => _db ?? throw new InvalidOperationException("The batch has not begun.");

    public long NextPosition { get; set; }

    public void Begin(WriteConnection db, long nextPosition)
    {
        _streams.Clear();
        _deleted.Clear();
        _removesEvents = false;
        _db = db;
        NextPosition = nextPosition;
    }

    /// <summary>The stream as this batch sees it, or null when it does not exist.</summary>
    public StreamState? Find(string name)
    {
        if (_streams.TryGetValue(name, out var state))
        {
            return state;
        }
        var committed = catalog.Find(name);
        var fromFile = false;
        if (committed is null && !catalogIsComplete)
        {
            committed = Db.FindStream(name);
            fromFile = true;
        }
        if (committed is null)
        {
            return null;
        }
        state = new StreamState(committed) { FromFile = fromFile };
        _streams[name] = state;
        return state;
    }

    public StreamState Create(string name)
    {
        var state = new StreamState(Db.InsertStream(name), name);
        _streams[name] = state;
        return state;
    }

    public void Delete(StreamState stream)
    {
        _removesEvents = true;
        Db.DeleteStream(stream.Id);
        _streams[stream.Name] = null;
        _deleted.Add(stream.Id);
    }

    /// <summary>Every stream whose name starts with <paramref name="prefix"/>, as this batch sees them.</summary>
    public List<StreamState> FindByPrefix(string prefix)
    {
        // The file, read inside this transaction, already holds the streams this batch created.
        var names = catalogIsComplete
            ? catalog.All.Select(s => s.Name)
                .Concat(_streams.Keys)
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
            : Db.StreamNamesWithPrefix(prefix);
        var found = new List<StreamState>();
        foreach (var name in names)
        {
            if (Find(name) is { } state)
            {
                found.Add(state);
            }
        }
        return found;
    }

    /// <summary>
    /// Records moved first revisions in the stream rows, inside the batch's transaction, and when events become
    /// unreachable, the position floor: once they are purged, nothing else would remember their positions. Appends
    /// need neither: the stored events carry the next revision and position (see <see cref="SqliteSchema"/>).
    /// </summary>
    public void WriteRows()
    {
        foreach (var state in _streams.Values)
        {
            if (state is not null && state.First != state.CommittedFirst)
            {
                Db.SetBounds(state.Id, state.First, state.Next);
                _removesEvents = true;
            }
        }
        if (_removesEvents)
        {
            Db.SetPositionFloor(NextPosition);
        }
    }

    /// <summary>
    /// After the commit: publishes the new state to readers, queues the events it made unreachable for purging,
    /// and lists the streams that grew.
    /// </summary>
    public void Publish(PurgeQueue purges, List<StreamAppended> appended)
    {
        foreach (var id in _deleted)
        {
            catalog.Remove(id);
            purges.AddDeleted(id);
        }
        foreach (var state in _streams.Values)
        {
            if (state is null || !(state.Changed || state.FromFile))
            {
                continue;
            }
            catalog.Publish(state.ToInfo());
            if (state.First > state.CommittedFirst)
            {
                purges.AddTruncated(state.Id, state.First);
            }
            if (state.Next > state.CommittedNext)
            {
                appended.Add(new StreamAppended(state.Name, state.Next));
            }
        }
        _db = null;
    }
}
