namespace EventBroker.Client;

/// <summary>
/// One client instance (Java's MQClientInstance): the connections, routes, heartbeats and timers that its producers and
/// consumers share. Create one per application (or register it with <c>services.AddEventBrokerClient</c>) and dispose
/// it on shutdown; disposing stops what it created.
/// </summary>
public interface IEventBrokerClient : IAsyncDisposable
{
    /// <summary><c>ip@instance</c>: how brokers and the rest of the group know this client.</summary>
    string ClientId { get; }

    EventBrokerClientOptions Options { get; }

    IEventBrokerAdmin Admin { get; }

    IProducer CreateProducer(ProducerOptions? options = null);

    /// <summary>A producer of transactional messages; <paramref name="checker"/> answers the broker's check-backs.</summary>
    ITransactionProducer CreateTransactionProducer(ProducerOptions options, TransactionChecker checker);

    /// <summary>A push consumer calling <paramref name="handler"/> for each message; call <see cref="IPushConsumer.StartAsync"/>.</summary>
    IPushConsumer CreatePushConsumer(PushConsumerOptions options, MessageHandler handler);

    /// <summary>
    /// Runs a push consumer for as long as the enumeration lasts and yields its messages; settle each with
    /// <see cref="Delivery.Ack"/> or <see cref="Delivery.Nack"/>. Up to ConsumeConcurrency deliveries are outstanding at once.
    /// </summary>
    IAsyncEnumerable<Delivery> SubscribeAsync(PushConsumerOptions options, CancellationToken cancellationToken = default);

    IPullConsumer CreatePullConsumer(PullConsumerOptions options);
}
