using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Publish/subscribe between components of one node. Delivery is asynchronous, like Redis pub/sub: PublishAsync
/// only queues the message, and one dispatcher task calls the handlers, so messages arrive in publish order, a
/// slow handler never delays the publisher, and code written against this store does not come to rely on
/// synchronous delivery that the Redis store cannot give. Subscribers are those present at publish time.
/// </summary>
internal sealed class InProcessMessageBus : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Subscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _dispatcher;

    public InProcessMessageBus(ILogger logger)
    {
        _logger = logger;
        _dispatcher = Task.Run(DispatchAsync);
    }

    public void Publish(string channel, ReadOnlyMemory<byte> message)
    {
        if (!_subscribers.TryGetValue(channel, out var subscribers) || subscribers.IsEmpty)
            return;
        // Copied because the publisher may reuse its buffer as soon as this returns.
        if (!_queue.Writer.TryWrite(new Delivery(channel, subscribers, message.ToArray())))
            throw new ObjectDisposedException(nameof(InProcessRoutingStore));
    }

    public IAsyncDisposable Subscribe(string channel, Action<ReadOnlyMemory<byte>> handler)
    {
        var subscription = new Subscription(this, channel, handler);
        _subscribers.AddOrUpdate(channel, static (_, s) => [s], static (_, list, s) => list.Add(s), subscription);
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        // Messages already published are still delivered; the dispatcher ends when the queue is drained.
        _queue.Writer.TryComplete();
        await _dispatcher.ConfigureAwait(false);
    }

    private void Remove(Subscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.Channel, out var current))
        {
            var next = current.Remove(subscription);
            var replaced = next.IsEmpty
                ? _subscribers.TryRemove(KeyValuePair.Create(subscription.Channel, current))
                : _subscribers.TryUpdate(subscription.Channel, next, current);
            if (replaced)
                return;
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var delivery in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var subscription in delivery.Subscribers)
            {
                if (!subscription.IsActive)
                    continue;
                try
                {
                    subscription.Handler(delivery.Message);
                }
                catch (Exception ex)
                {
                    // One faulty handler must not stop delivery to the others or end the dispatcher.
                    InProcessRoutingLog.HandlerFailed(_logger, ex, delivery.Channel);
                }
            }
        }
    }

    private sealed record Delivery(string Channel, ImmutableArray<Subscription> Subscribers, ReadOnlyMemory<byte> Message);

    private sealed class Subscription(InProcessMessageBus bus, string channel, Action<ReadOnlyMemory<byte>> handler) : IAsyncDisposable
    {
        private volatile bool _active = true;

        public string Channel => channel;
        public Action<ReadOnlyMemory<byte>> Handler => handler;
        public bool IsActive => _active;

        public ValueTask DisposeAsync()
        {
            // Cleared first so queued deliveries skip it; a handler already running finishes.
            _active = false;
            bus.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
