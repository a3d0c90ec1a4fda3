using System.Collections.Concurrent;
using EventBroker.Client.Internal.Consuming;
using EventBroker.Client.Internal.Instance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client;

/// <summary>The client: create one, create producers and consumers from it, dispose it at shutdown.</summary>
/// <example>
/// <code>
/// await using var client = new EventBrokerClient(new EventBrokerClientOptions { NameServers = ["127.0.0.1:9876"] });
/// var producer = client.CreateProducer(new ProducerOptions("orders-producer"));
/// await producer.SendAsync(new Message("Orders", "hello") { Tag = "created", Keys = ["order-42"] });
/// </code>
/// </example>
public sealed class EventBrokerClient : IEventBrokerClient
{
    private readonly ClientInstance _instance;
    private readonly ConcurrentStack<IAsyncDisposable> _created = new();
    private int _disposed;

    public EventBrokerClient(EventBrokerClientOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(new ClientInstance(options ?? EventBrokerClientOptions.Default, loggerFactory ?? NullLoggerFactory.Instance))
    {
    }

    internal EventBrokerClient(ClientInstance instance)
    {
        _instance = instance;
        Admin = new EventBrokerAdmin(instance);
    }

    public string ClientId => _instance.ClientId;

    public EventBrokerClientOptions Options => _instance.Options;

    public IEventBrokerAdmin Admin { get; }

    internal ClientInstance Instance => _instance;

    public IProducer CreateProducer(ProducerOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Track(_instance.CreateProducer(options ?? new ProducerOptions(), checker: null));
    }

    public ITransactionProducer CreateTransactionProducer(ProducerOptions options, TransactionChecker checker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checker);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Track(_instance.CreateProducer(options, checker));
    }

    public IPushConsumer CreatePushConsumer(PushConsumerOptions options, MessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Track(new PushConsumer(_instance, options, handler));
    }

    public IAsyncEnumerable<Delivery> SubscribeAsync(PushConsumerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SubscriptionStream(this, options).ReadAllAsync(cancellationToken);
    }

    public IPullConsumer CreatePullConsumer(PullConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Track(new PullConsumer(_instance, options));
    }

    /// <summary>Stops consumers (committing their offsets), unregisters producers, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Newest first: consumers created after a producer may still be sending through it while they stop.
        while (_created.TryPop(out var item))
        {
            await item.DisposeAsync().ConfigureAwait(false);
        }
        await _instance.DisposeAsync().ConfigureAwait(false);
    }

    private T Track<T>(T item)
        where T : IAsyncDisposable
    {
        _created.Push(item);
        return item;
    }
}
