namespace EventBroker.Storage.Sqlite;

/// <summary>
/// How an event id is stored: its 16 bytes in RFC 9562 (big-endian) order. In that order time-ordered ids
/// (UUIDv7, or ids built from time-first bytes) sort by time, so new entries of the idempotency index land at its
/// right edge and a group commit dirties a few index pages instead of one per event.
/// </summary>
internal static class EventIds
{
    public static void Write(Guid id, Span<byte> destination) => id.TryWriteBytes(destination, bigEndian: true, out _);

    public static Guid Read(ReadOnlySpan<byte> source) => new(source, bigEndian: true);
}
