namespace EventBroker.Storage.Sqlite;

/// <summary>
/// A stream's state while a group commit is being written. Copied from the catalog when the batch first touches
/// the stream; published back only if the commit succeeds, so a failed commit leaves nothing behind.
/// </summary>
internal sealed class StreamState
{
    public StreamState(StreamInfo committed)
    {
        Id = committed.Id;
        Name = committed.Name;
        First = CommittedFirst = committed.FirstRevision;
        Next = CommittedNext = committed.NextRevision;
    }

    public StreamState(long id, string name)
    {
        Id = id;
        Name = name;
        IsNew = true;
    }

    public long Id { get; }

    public string Name { get; }

    public bool IsNew { get; }

    /// <summary>Shared mode: looked up in the file rather than found in the catalog, so worth caching even if unchanged.</summary>
    public bool FromFile { get; init; }

    public long CommittedFirst { get; }

    public long CommittedNext { get; }

    public long First { get; set; }

    public long Next { get; set; }

    public bool Changed => IsNew || First != CommittedFirst || Next != CommittedNext;

    public StreamInfo ToInfo() => new(Id, Name, First, Next);
}
