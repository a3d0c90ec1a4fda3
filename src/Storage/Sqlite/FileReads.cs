namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Shared mode's reads: other processes append, truncate and delete behind this one's back, so nothing cached is
/// trusted. Each read looks its stream up in the file, in the same read transaction as the events it then reads, so
/// the bounds it reports and the events it returns come from one commit.
/// </summary>
internal sealed class FileReads(ReaderPool readers) : IStreamReads
{
    public ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes, CancellationToken cancellationToken)
        => readers.ReadAsync(
            (stream, fromRevision, maxCount, maxBytes),
            static (connection, read) => connection.InSnapshot(read, static (connection, read) =>
            {
                if (connection.FindStream(read.stream) is not { } info)
                {
                    return EventBatch.Empty(default);
                }
                var (from, to) = info.ReadRange(read.fromRevision, read.maxCount);
                return from >= to ? EventBatch.Empty(info.Bounds) : connection.ReadForward(info, from, to, read.maxBytes);
            }),
            cancellationToken);

    public ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken)
        => position < 1
            ? ValueTask.FromResult<StoredEvent?>(null)
            : readers.ReadAsync(position, static (connection, position) => connection.ReadAtWithStream(position), cancellationToken);

    public ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken)
        => readers.ReadAsync(stream, static (connection, stream) => connection.FindStream(stream)?.Bounds ?? default, cancellationToken);

    public ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken)
        => readers.ReadAsync(
            (stream, timestampMs),
            static (connection, find) => connection.InSnapshot(find, static (connection, find)
                => connection.FindStream(find.stream) is { } info ? connection.FindRevisionByTime(info, find.timestampMs) : 0L),
            cancellationToken);

    public ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken)
        => readers.ReadAsync(
            stream,
            static (connection, stream) => connection.InSnapshot(stream, static (connection, stream)
                => connection.FindStream(stream) is { } info && info.FirstRevision < info.NextRevision ? connection.FirstTimestamp(info) : null),
            cancellationToken);
}
