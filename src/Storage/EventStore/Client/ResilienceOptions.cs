namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Time and retry budget of one store operation. The defaults keep a whole send, retries included, inside the
/// 3 s a RocketMQ producer waits by default, so a failure reaches the client as an answer, not a timeout.
/// </summary>
internal sealed record ResilienceOptions
{
    /// <summary>The whole operation, every attempt and delay included.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>One attempt (node selection and the call); also sent as grpc-timeout.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Retries after the first attempt, only on transient failures; 0 turns retrying off.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; it grows exponentially, with jitter. A NotLeader redirect retries at once.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The circuit opens when this share of calls fails within <see cref="SamplingDuration"/>…</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>…once at least this many calls were made in it…</summary>
    public int MinimumThroughput { get; init; } = 10;

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>…and then fails calls at once for this long before letting one through to probe.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}
