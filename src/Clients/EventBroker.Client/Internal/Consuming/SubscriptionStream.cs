using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// A push consumer seen as an <see cref="IAsyncEnumerable{T}"/>: its handler parks each message in a bounded channel
/// and waits for the reader to settle the <see cref="Delivery"/>. When the enumeration ends, deliveries still
/// unsettled are abandoned: the consumer stops without committing them, so they are delivered again later.
/// </summary>
internal sealed class SubscriptionStream
{
    private readonly IEventBrokerClient _client;
    private readonly PushConsumerOptions _options;
    private readonly Channel<Delivery> _channel;
    private readonly ConcurrentDictionary<Delivery, byte> _unsettled = new();
    private volatile bool _abandoned;

    public SubscriptionStream(IEventBrokerClient client, PushConsumerOptions options)
    {
        _client = client;
        _options = options;
        _channel = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(options.ConsumeConcurrency) { SingleReader = true });
    }

    public async IAsyncEnumerable<Delivery> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = (PushConsumer)_client.CreatePushConsumer(_options, HandleAsync);
        try
        {
            await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
            while (await WaitToReadAsync(consumer, cancellationToken).ConfigureAwait(false))
            {
                while (_channel.Reader.TryRead(out var delivery))
                {
                    yield return delivery;
                }
            }
        }
        finally
        {
            _abandoned = true;
            var stopping = consumer.StopAsync(CancellationToken.None);
            _channel.Writer.TryComplete();
            foreach (var delivery in _unsettled.Keys)
            {
                delivery.Abandon();
            }
            await stopping.ConfigureAwait(false);
        }
    }

    /// <returns>False once the consumer stopped (its client was disposed, say): the enumeration then ends.</returns>
    private async ValueTask<bool> WaitToReadAsync(PushConsumer consumer, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, consumer.Stopping);
        try
        {
            return await _channel.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async ValueTask<ConsumeResult> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(message);
        _unsettled[delivery] = 0;
        try
        {
            if (_abandoned)
            {
                throw new SubscriptionEndedException();
            }
            await _channel.Writer.WriteAsync(delivery, cancellationToken).ConfigureAwait(false);
            return await delivery.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_abandoned && ex is OperationCanceledException or ChannelClosedException)
        {
            throw new SubscriptionEndedException(ex);
        }
        finally
        {
            _unsettled.TryRemove(delivery, out _);
        }
    }
}

/// <summary>The handler gave a message up because its subscription ended: it is neither consumed nor sent back.</summary>
internal sealed class SubscriptionEndedException : Exception
{
    public SubscriptionEndedException()
        : base("the subscription ended before the message was settled")
    {
    }

    public SubscriptionEndedException(Exception innerException)
        : base("the subscription ended before the message was settled", innerException)
    {
    }

    public SubscriptionEndedException(string message)
        : base(message)
    {
    }

    public SubscriptionEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
