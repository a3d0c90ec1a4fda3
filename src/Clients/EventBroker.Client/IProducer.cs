namespace EventBroker.Client;

/// <summary>
/// Sends messages. Awaiting <see cref="SendAsync(Message, CancellationToken)"/> is Java's synchronous send (the broker's
/// answer, with retries on other brokers); not awaiting it at once is Java's asynchronous send; <see cref="SendOnewayAsync"/>
/// only writes the request. Thread-safe; create one per producer group and keep it.
/// </summary>
public interface IProducer : IAsyncDisposable
{
    string Group { get; }

    /// <summary>Sends to a queue picked round-robin, avoiding brokers that recently failed or were slow.</summary>
    ValueTask<SendResult> SendAsync(Message message, CancellationToken cancellationToken = default);

    /// <summary>Sends to one queue (no retry elsewhere: the caller chose the queue).</summary>
    ValueTask<SendResult> SendAsync(Message message, MessageQueue queue, CancellationToken cancellationToken = default);

    /// <summary>Sends to the queue <paramref name="selector"/> picks, e.g. <see cref="MessageQueueSelectors.ByHash"/> for per-key order.</summary>
    ValueTask<SendResult> SendAsync(Message message, MessageQueueSelector selector, CancellationToken cancellationToken = default);

    /// <summary>Writes the message to a broker without waiting for an answer (no retries, no result).</summary>
    ValueTask SendOnewayAsync(Message message, CancellationToken cancellationToken = default);

    /// <summary>Sends messages of one topic as one request (SEND_BATCH_MESSAGE); they land in one queue, in order.</summary>
    ValueTask<SendResult> SendBatchAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request and waits for the reply a consumer sends with <see cref="ReceivedMessage.CreateReply"/>
    /// (RocketMQ request-reply: the broker pushes the reply to this client).
    /// </summary>
    /// <exception cref="BrokerTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    ValueTask<ReceivedMessage> RequestAsync(Message request, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a message sent with <see cref="Message.DeliverAt"/> that is not delivered yet (RocketMQ 5's
    /// TIMER_DEL_UNIQKEY): pass the <see cref="SendResult.Queue"/> and <see cref="SendResult.MessageId"/> the send
    /// returned and the same delivery time. A cancel for a message that is unknown or already delivered changes nothing.
    /// </summary>
    /// <exception cref="BrokerResponseException">The delivery time has passed (code 13: too late to cancel), or the broker has no timer wheel.</exception>
    ValueTask CancelScheduledAsync(MessageQueue queue, string messageId, DateTimeOffset deliverAt, CancellationToken cancellationToken = default);

    /// <summary>The writable queues of a topic, as selectors see them.</summary>
    ValueTask<IReadOnlyList<MessageQueue>> GetPublishQueuesAsync(string topic, CancellationToken cancellationToken = default);
}

/// <summary>A producer that can also send transactional (half) messages.</summary>
public interface ITransactionProducer : IProducer
{
    /// <summary>
    /// Sends <paramref name="message"/> as a half message, runs <paramref name="localTransaction"/>, then commits or rolls
    /// it back. An <see cref="TransactionState.Unknown"/> outcome is settled later through the producer's checker.
    /// </summary>
    ValueTask<TransactionSendResult> SendInTransactionAsync(Message message, LocalTransaction localTransaction, CancellationToken cancellationToken = default);
}

/// <summary>Picks the queue for a message among a topic's writable queues.</summary>
public delegate MessageQueue MessageQueueSelector(IReadOnlyList<MessageQueue> queues, Message message);

/// <summary>Ready-made selectors, matching the Java client's.</summary>
public static class MessageQueueSelectors
{
    /// <summary>
    /// The same queue for the same key (Java's SelectMessageQueueByHash with a String argument: |hashCode| mod count), so a
    /// Java and a .NET producer keep one key's messages in one queue.
    /// </summary>
    public static MessageQueueSelector ByHash(string shardingKey)
    {
        ArgumentNullException.ThrowIfNull(shardingKey);
        var hash = Math.Abs((long)EventBroker.Protocol.Messages.TagsCode.Of(shardingKey));
        return (queues, _) => queues[(int)(hash % queues.Count)];
    }

    /// <summary>A random queue (Java's SelectMessageQueueByRandom).</summary>
    public static MessageQueueSelector ByRandom { get; } = static (queues, _) => queues[Random.Shared.Next(queues.Count)];
}
