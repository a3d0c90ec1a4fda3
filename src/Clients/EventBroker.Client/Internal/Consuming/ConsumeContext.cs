using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>What a consume service needs from its push consumer.</summary>
internal sealed class ConsumeContext
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _handlersCancelled = new();
    private int _inFlight;

    public required string Group { get; init; }

    public required PushConsumerOptions Options { get; init; }

    public required MessageHandler Handler { get; init; }

    public required IOffsetStore Offsets { get; init; }

    public required SendBack SendBack { get; init; }

    public required QueueLocks Locks { get; init; }

    public required ILogger Logger { get; init; }

    public bool Clustering => Options.MessageModel == MessageModel.Clustering;

    /// <summary>Cancelled when the consumer stops: nothing new starts.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Given to handlers; cancelled once the shutdown grace period has passed.</summary>
    public CancellationToken HandlerToken => _handlersCancelled.Token;

    /// <summary>Calls the handler as the consume services do: the topic restored, CONSUME_START_TIME set, exceptions as Retry.</summary>
    /// <returns>Null when the handler gave up because the consumer is shutting down: the message stays unconsumed.</returns>
    public async Task<ConsumeResult?> InvokeHandlerAsync(ReceivedMessage message)
    {
        MessageDecoding.RestoreRetryTopic(message, Group);
        message.SetProperty(MessageConst.ConsumeStartTime, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await Handler(message, HandlerToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (HandlerToken.IsCancellationRequested || Stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (SubscriptionEndedException)
        {
            return null;
        }
        catch (Exception ex)
        {
            ClientLog.HandlerFailed(Logger, ex, Group, message.MessageId);
            return ConsumeResult.Retry();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Stops new work, waits up to <paramref name="grace"/> for running handlers, then cancels them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping.Cancel();
        var deadline = DateTimeOffset.UtcNow + grace;
        while (Volatile.Read(ref _inFlight) > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }
        _handlersCancelled.Cancel();
    }
}
