namespace EventBroker.Storage.EventStore.Client;

/// <summary>One event to append. The memory must stay valid until the append completes (it is sent without a copy).</summary>
internal readonly record struct ProposedEvent(Guid Id, string Type, string ContentType, ReadOnlyMemory<byte> CustomMetadata, ReadOnlyMemory<byte> Data);
