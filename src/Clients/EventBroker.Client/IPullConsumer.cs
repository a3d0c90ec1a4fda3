namespace EventBroker.Client;

/// <summary>
/// Reads queues the application chooses, from offsets it chooses, and commits offsets when told (Java's
/// DefaultMQPullConsumer). Nothing is pulled in the background.
/// </summary>
public interface IPullConsumer : IAsyncDisposable
{
    string Group { get; }

    /// <summary>The readable queues of a topic.</summary>
    ValueTask<IReadOnlyList<MessageQueue>> GetQueuesAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>One pull: answers at once, with what the queue holds from <paramref name="offset"/>.</summary>
    ValueTask<PullResult> PullAsync(MessageQueue queue, long offset, int maxMessages = 32, MessageSelector? selector = null, CancellationToken cancellationToken = default);

    /// <summary>One pull that the broker holds until a message arrives or its suspend time passes (long polling).</summary>
    ValueTask<PullResult> PullWhenAvailableAsync(MessageQueue queue, long offset, int maxMessages = 32, MessageSelector? selector = null, CancellationToken cancellationToken = default);

    /// <summary>Every message of the queue from <paramref name="fromOffset"/> on, waiting for new ones until cancelled.</summary>
    IAsyncEnumerable<ReceivedMessage> ReadAsync(MessageQueue queue, long fromOffset, MessageSelector? selector = null, CancellationToken cancellationToken = default);

    /// <summary>The group's committed offset of the queue, or -1 when it has none.</summary>
    ValueTask<long> GetCommittedOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default);

    /// <summary>Commits the offset of the next message the group will read from the queue.</summary>
    ValueTask CommitOffsetAsync(MessageQueue queue, long nextOffset, CancellationToken cancellationToken = default);

    ValueTask<long> GetMinOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default);

    /// <summary>The offset the next message written to the queue will get.</summary>
    ValueTask<long> GetMaxOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default);

    /// <summary>The first offset stored at or after <paramref name="timestamp"/>.</summary>
    ValueTask<long> SearchOffsetAsync(MessageQueue queue, DateTimeOffset timestamp, CancellationToken cancellationToken = default);
}
