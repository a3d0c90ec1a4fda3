namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Exclusive mode's reads: the writer is the file's only writer, so its catalog is authoritative and bounds cost no
/// query; a read that the catalog shows has nothing to find never takes a connection.
/// </summary>
internal sealed class CatalogReads(StreamCatalog catalog, SqliteWriter writer, ReaderPool readers) : IStreamReads
{
    public ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes, CancellationToken cancellationToken)
    {
        if (catalog.Find(stream) is not { } info)
        {
            return ValueTask.FromResult(EventBatch.Empty(default));
        }
        var (from, to) = info.ReadRange(fromRevision, maxCount);
        if (from >= to)
        {
            return ValueTask.FromResult(EventBatch.Empty(info.Bounds));
        }
        return readers.ReadAsync(
            (info, from, to, maxBytes),
            static (connection, read) => connection.ReadForward(read.info, read.from, read.to, read.maxBytes),
            cancellationToken);
    }

    public ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken)
    {
        if (position < 1 || position >= writer.NextPosition)
        {
            return ValueTask.FromResult<StoredEvent?>(null);
        }
        return readers.ReadAsync((position, catalog), static (connection, read) => connection.ReadAt(read.position, read.catalog), cancellationToken);
    }

    public ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken)
        => ValueTask.FromResult(catalog.Find(stream)?.Bounds ?? default);

    public ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken)
    {
        if (catalog.Find(stream) is not { } info)
        {
            return ValueTask.FromResult(0L);
        }
        return readers.ReadAsync((info, timestampMs), static (connection, find) => connection.FindRevisionByTime(find.info, find.timestampMs), cancellationToken);
    }

    public ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken)
    {
        if (catalog.Find(stream) is not { } info || info.FirstRevision >= info.NextRevision)
        {
            return ValueTask.FromResult<long?>(null);
        }
        return readers.ReadAsync(info, static (connection, s) => connection.FirstTimestamp(s), cancellationToken);
    }
}
