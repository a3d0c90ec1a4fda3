namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Where the store's reads learn a stream's id and bounds: the writer's catalog when this process owns the file
/// (<see cref="CatalogReads"/>), the file itself when other processes write to it too (<see cref="FileReads"/>).
/// Arguments arrive checked; the events themselves are always read from the file.
/// </summary>
internal interface IStreamReads
{
    ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes, CancellationToken cancellationToken);

    ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken);

    ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken);

    ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken);

    ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken);
}
