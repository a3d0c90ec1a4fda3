namespace EventBroker.Client;

/// <summary>What became of a message handed to a push consumer's handler.</summary>
public enum ConsumeStatus
{
    /// <summary>Consumed: its offset may be committed.</summary>
    Success,

    /// <summary>
    /// Not consumed. A concurrent consumer returns it to the broker for redelivery after a delay (CONSUMER_SEND_MSG_BACK),
    /// and it goes to the group's %DLQ% topic once redelivered MaxReconsumeTimes times. An orderly consumer suspends the
    /// queue and hands the same message again.
    /// </summary>
    Retry,
}

/// <summary>The handler's verdict on a message: ack (<see cref="Success"/>) or nack (<see cref="Retry"/>).</summary>
public readonly record struct ConsumeResult(ConsumeStatus Status, int DelayLevel, TimeSpan? SuspendFor)
{
    public static ConsumeResult Success { get; } = new(ConsumeStatus.Success, 0, null);

    /// <summary>
    /// Redeliver later. <paramref name="delayLevel"/> picks the broker's delay level for a concurrent consumer: 0 lets the
    /// broker use 3 + reconsumeTimes (10 s, 30 s, 1 min, …), a negative level sends the message to the DLQ at once.
    /// </summary>
    public static ConsumeResult Retry(int delayLevel = 0) => new(ConsumeStatus.Retry, delayLevel, null);

    /// <summary>For an orderly consumer: redeliver the same message after <paramref name="suspendFor"/> (default: the consumer's SuspendCurrentQueueTime).</summary>
    public static ConsumeResult Suspend(TimeSpan? suspendFor = null) => new(ConsumeStatus.Retry, 0, suspendFor);

    public bool IsSuccess => Status == ConsumeStatus.Success;
}

/// <summary>
/// Consumes one message. Throwing counts as <see cref="ConsumeResult.Retry"/>, except an
/// <see cref="OperationCanceledException"/> while the consumer is stopping: that leaves the message unconsumed (neither
/// committed nor sent back), so it is delivered again once the group resumes.
/// </summary>
/// <param name="cancellationToken">Cancelled when the consumer stops and its shutdown grace period has run out.</param>
public delegate ValueTask<ConsumeResult> MessageHandler(ReceivedMessage message, CancellationToken cancellationToken);
