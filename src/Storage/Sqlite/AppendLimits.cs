namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Checks an append before it is queued, so a bad append fails alone instead of failing the group commit it
/// would have joined. A missing id is a caller's bug and throws; a size over the limits is returned for the
/// append's task to fail with.
/// </summary>
internal static class AppendLimits
{
    public const int MaxEventBytes = 64 * 1024 * 1024;
    public const int MaxAppendBytes = 256 * 1024 * 1024;

    public static AppendTooLargeException? Check(string stream, ReadOnlySpan<EventToAppend> events)
    {
        long total = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].EventId == Guid.Empty)
            {
                // An empty id would make every later id-less event of the stream a "duplicate" of the first.
                throw new ArgumentException(
                    $"event {i} of the append to '{stream}' has no id (Guid.Empty). Give every event a unique id, derived from the message key where retries must be recognised.",
                    nameof(events));
            }
            var length = events[i].Data.Length;
            if (length > MaxEventBytes)
            {
                return new AppendTooLargeException(
                    $"event {i} of the append to '{stream}' is {length} bytes; the SQLite store takes at most {MaxEventBytes} bytes per event. Split or shrink it.");
            }
            total += length;
        }
        if (total > MaxAppendBytes)
        {
            return new AppendTooLargeException(
                $"the append to '{stream}' carries {total} bytes in {events.Length} events; the SQLite store takes at most {MaxAppendBytes} bytes per append. Append them in smaller batches.");
        }
        return null;
    }
}
