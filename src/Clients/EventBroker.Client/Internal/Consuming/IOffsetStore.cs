namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// A consumer group's position on each queue (OffsetStore.java): kept in memory as messages are consumed and persisted
/// periodically, to the broker (clustering) or a local file (broadcasting).
/// </summary>
internal interface IOffsetStore
{
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Records the next offset to consume; with <paramref name="increaseOnly"/> an older value never wins.</summary>
    void Update(MessageQueue queue, long offset, bool increaseOnly);

    /// <summary>The in-memory offset, or -1.</summary>
    long ReadFromMemory(MessageQueue queue);

    /// <summary>The persisted offset (which then also becomes the in-memory one), or -1 when there is none.</summary>
    Task<long> ReadFromStoreAsync(MessageQueue queue, CancellationToken cancellationToken);

    /// <summary>Persists the offsets of <paramref name="queues"/> and forgets the others.</summary>
    /// <param name="final">Shutdown: wait until each offset has been accepted rather than fire and forget.</param>
    Task PersistAllAsync(IReadOnlyCollection<MessageQueue> queues, bool final, CancellationToken cancellationToken);

    Task PersistAsync(MessageQueue queue, CancellationToken cancellationToken);

    void Remove(MessageQueue queue);
}
