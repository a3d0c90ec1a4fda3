using System.Buffers;
using EventBroker.Storage.EventStore.Client;
using RecordedEvent = EventBroker.Storage.EventStore.Protos.Streams.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace EventBroker.Storage.EventStore;

/// <summary>Copies read events' data back to back into one pooled buffer: the EventBatch a pull sends as its body.</summary>
internal static class PooledBatch
{
    public static EventBatch Build(IReadOnlyList<RecordedEvent> events, StreamBounds bounds)
    {
        if (events.Count == 0)
        {
            return EventBatch.Empty(bounds);
        }
        var total = 0;
        foreach (var e in events)
        {
            total = checked(total + e.Data.Length);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        var entries = new BatchEntry[events.Count];
        var offset = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var length = e.Data.Length;
            e.Data.Span.CopyTo(buffer.AsSpan(offset, length));
            entries[i] = new BatchEntry((long)e.StreamRevision, EventRecordFormat.PositionOf(e), EventRecordFormat.TimestampOf(e), Uuids.ToGuid(e.Id), offset, length);
            offset += length;
        }
        return new EventBatch(buffer, total, entries, events.Count, bounds, pooled: true);
    }
}
