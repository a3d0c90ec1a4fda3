using RecordedEvent = EventBroker.Storage.EventStore.Protos.Streams.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace EventBroker.Storage.EventStore;

/// <summary>A stream's bounds as the server sees them now, with its first visible event when it has one.</summary>
internal sealed record StreamProbe(StreamBounds Bounds, RecordedEvent? First);
