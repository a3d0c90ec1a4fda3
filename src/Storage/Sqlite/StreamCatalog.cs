using System.Collections.Concurrent;

namespace EventBroker.Storage.Sqlite;

/// <summary>A stream as last committed. Immutable: the writer publishes a new one after each commit that changes it.</summary>
internal sealed record StreamInfo(long Id, string Name, long FirstRevision, long NextRevision)
{
    public StreamBounds Bounds => new(FirstRevision, NextRevision);

    /// <summary>
    /// The revisions [From, To) that a read of at most <paramref name="maxCount"/> events from <paramref name="fromRevision"/>
    /// covers: from the first retained revision at the earliest, never past the end; empty when there is nothing to read.
    /// </summary>
    public (long From, long To) ReadRange(long fromRevision, int maxCount)
    {
        var from = Math.Max(fromRevision, FirstRevision);
        return from >= NextRevision ? (from, from) : (from, Math.Min(NextRevision, from + maxCount));
    }
}

/// <summary>
/// The committed state of every live stream, by name and by id. In exclusive mode the writer is the only writer of
/// the database, so this cache is authoritative: it publishes here after each commit (before completing the appends),
/// and readers take stream ids and bounds from here without a query. In shared mode other processes write too: the
/// writer alone uses it, holds only streams it has seen, and clears it whenever another process has committed.
/// </summary>
internal sealed class StreamCatalog
{
    private readonly ConcurrentDictionary<string, StreamInfo> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, StreamInfo> _byId = new();

    public int Count => _byName.Count;

    public IEnumerable<StreamInfo> All => _byName.Values;

    public StreamInfo? Find(string name) => _byName.TryGetValue(name, out var info) ? info : null;

    public StreamInfo? Find(long id) => _byId.TryGetValue(id, out var info) ? info : null;

    public void Publish(StreamInfo info)
    {
        _byId[info.Id] = info;
        _byName[info.Name] = info;
    }

    public void Remove(long id)
    {
        if (_byId.TryRemove(id, out var removed))
        {
            // Only if the name still maps to this stream: a stream recreated under the same name keeps its entry.
            _byName.TryRemove(KeyValuePair.Create(removed.Name, removed));
        }
    }

    public void Clear()
    {
        _byName.Clear();
        _byId.Clear();
    }

    /// <summary>Replaces the whole catalog with what the database holds (at open, and after the writer reconnects).</summary>
    public void Reload(IReadOnlyCollection<StreamInfo> streams)
    {
        var live = streams.Select(s => s.Id).ToHashSet();
        foreach (var stale in _byId.Keys.Where(id => !live.Contains(id)).ToList())
        {
            Remove(stale);
        }
        foreach (var stream in streams)
        {
            Publish(stream);
        }
    }
}
