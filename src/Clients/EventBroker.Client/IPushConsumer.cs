namespace EventBroker.Client;

/// <summary>
/// Pulls the queues rebalancing assigns to this member of the group and hands their messages to a handler
/// (Java's DefaultMQPushConsumer). Start it once; dispose or stop it to commit offsets and leave the group.
/// </summary>
public interface IPushConsumer : IAsyncDisposable
{
    string Group { get; }

    /// <summary>The queues this member consumes right now.</summary>
    IReadOnlyCollection<MessageQueue> AssignedQueues { get; }

    /// <summary>Joins the group: fetches routes, sends a heartbeat, rebalances and starts pulling.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops pulling, lets running handlers finish (up to ShutdownTimeout), commits offsets and leaves the group.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// A message handed out by <see cref="IEventBrokerClient.SubscribeAsync"/>. Exactly one of <see cref="Ack"/> or
/// <see cref="Nack"/> settles it; until then its offset is not committed and it counts against flow control.
/// </summary>
public sealed class Delivery
{
    private readonly TaskCompletionSource<ConsumeResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Delivery(ReceivedMessage message)
    {
        Message = message;
    }

    public ReceivedMessage Message { get; }

    internal Task<ConsumeResult> Result => _result.Task;

    /// <summary>Consumed.</summary>
    public void Ack() => Complete(ConsumeResult.Success);

    /// <summary>Not consumed: redeliver later (see <see cref="ConsumeResult.Retry"/>).</summary>
    public void Nack(int delayLevel = 0) => Complete(ConsumeResult.Retry(delayLevel));

    /// <returns>False when the delivery was already settled.</returns>
    public bool Complete(ConsumeResult result) => _result.TrySetResult(result);

    /// <summary>The subscription ended before the delivery was settled: it stays unconsumed.</summary>
    internal void Abandon() => _result.TrySetCanceled();
}
