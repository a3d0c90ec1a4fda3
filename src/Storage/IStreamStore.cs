namespace EventBroker.Storage;

/// <summary>
/// The store of record: named streams of events, each stream dense and 0-based (revision = queue offset),
/// every event also holding a store-wide position (the commit-log offset of a message). Knows streams and
/// events, not RocketMQ. Two implementations (SQLite, EventStoreDB) pass one conformance suite.
/// </summary>
public interface IStreamStore : IAsyncDisposable
{
    /// <summary>A short name for logs and health output, e.g. "sqlite:./data/eventbroker.db".</summary>
    string Description { get; }

    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="stream"/> atomically and in order.
    /// Idempotent on <see cref="EventToAppend.EventId"/>: an event whose id the stream already holds is not
    /// stored again, and its existing revision and position are reported instead.
    /// </summary>
    /// <param name="expectedNextRevision">When set, the append fails with <see cref="WrongExpectedRevisionException"/>
    /// unless the stream's next revision equals it.</param>
    /// <returns>One entry per appended event, in order.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot take writes now (disk full, read-only, unreachable).</exception>
    ValueTask<AppendResult> AppendAsync(string stream, ReadOnlyMemory<EventToAppend> events, long? expectedNextRevision = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="maxCount"/> events of <paramref name="stream"/> from <paramref name="fromRevision"/> on,
    /// stopping early once <paramref name="maxBytes"/> of event data have been gathered (at least one event is returned
    /// when any exists). Revisions below the stream's first revision are read from the first revision.
    /// The caller disposes the batch.
    /// </summary>
    ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Reads the single event stored at a store-wide position; null when there is none.</summary>
    ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken = default);

    /// <summary>First and next revision of a stream (min and max offset); (0, 0) for a stream never written.</summary>
    ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first revision whose timestamp is at or after <paramref name="timestampMs"/>; the next revision when
    /// every event is older.
    /// </summary>
    ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken = default);

    /// <summary>Timestamp of the stream's first retained event, or null when it holds none.</summary>
    ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Removes every event of the stream below <paramref name="revision"/>; the first revision moves up. Revisions are never reused.</summary>
    ValueTask TruncateBeforeAsync(string stream, long revision, CancellationToken cancellationToken = default);

    /// <summary>Removes events older than <paramref name="maxAge"/> from every stream whose name starts with <paramref name="streamPrefix"/>.</summary>
    ValueTask ApplyMaxAgeAsync(string streamPrefix, TimeSpan maxAge, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stream and its events. A later append starts it again at revision 0.</summary>
    ValueTask DeleteStreamAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signals appends, including those made through other gateways (where the implementation can see them).
    /// The handler runs on a store thread: it must be fast and must not throw.
    /// </summary>
    IDisposable SubscribeToAppends(Action<StreamAppended> handler);

    /// <summary>
    /// True when <see cref="SubscribeToAppends"/> also reports appends made through other gateways (EventStoreDB's
    /// $all subscription does); when false, gateways tell each other through the routing store's pub/sub.
    /// </summary>
    bool ReportsAppendsFromOtherGateways => false;

    /// <summary>Cheap liveness check for /health.</summary>
    ValueTask<bool> PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>One event to append. <see cref="Data"/> is opaque to the store.</summary>
public readonly record struct EventToAppend(Guid EventId, ReadOnlyMemory<byte> Data, long TimestampMs);

/// <summary>Where one appended event landed.</summary>
public readonly record struct AppendedEvent(long Revision, long Position, bool WasDuplicate);

public sealed class AppendResult(AppendedEvent[] events)
{
    public IReadOnlyList<AppendedEvent> Events { get; } = events;

    /// <summary>The stream's next revision after the append.</summary>
    public long NextRevision { get; init; }
}

public readonly record struct StreamBounds(long FirstRevision, long NextRevision)
{
    public long Count => NextRevision - FirstRevision;
}

/// <summary>The signal that <paramref name="Stream"/> now ends at <paramref name="NextRevision"/>.</summary>
public readonly record struct StreamAppended(string Stream, long NextRevision);

/// <summary>One event read by position.</summary>
public sealed record StoredEvent(string Stream, long Revision, long Position, long TimestampMs, Guid EventId, ReadOnlyMemory<byte> Data);
