namespace EventBroker.Client;

/// <summary>
/// Settings of a producer (Java's DefaultMQProducer), with the Java client's defaults except where noted. Immutable;
/// derive variants with <c>with</c>.
/// </summary>
public sealed record ProducerOptions
{
    public ProducerOptions()
    {
    }

    public ProducerOptions(string group)
    {
        Group = group;
    }

    /// <summary>The producer group: transaction check-backs go to a member of it.</summary>
    public string Group { get; init; } = "DEFAULT_PRODUCER";

    /// <summary>Timeout of each send attempt; a timed-out attempt is retried on another broker.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Further attempts after a failed send, each on another broker where possible (Java's retryTimesWhenSendFailed).</summary>
    public int RetryTimesWhenSendFailed { get; init; } = 2;

    /// <summary>
    /// Track each broker's send latency and failures and keep away from slow or failed brokers for a while (RocketMQ's
    /// latency table: 550 ms → 30 s, 1 s → 60 s, 2 s → 120 s, 3 s → 180 s, 15 s or a failure → 600 s). The Java client
    /// ships with this off; it is on here because it is what a multi-broker deployment wants.
    /// </summary>
    public bool SendLatencyFaultEnable { get; init; } = true;

    /// <summary>Also retry elsewhere when a broker stored the message but reported a flush or slave timeout.</summary>
    public bool RetryAnotherBrokerWhenNotStoreOk { get; init; }

    /// <summary>Bodies at least this long are zlib-compressed (not in batches), as the Java client does.</summary>
    public int CompressBodyThreshold { get; init; } = 4 * 1024;

    /// <summary>zlib level 0-9 (Java's zipCompressLevel).</summary>
    public int CompressionLevel { get; init; } = 5;

    /// <summary>Largest body (or batch) accepted for sending.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Queues a topic gets when the broker creates it on first send.</summary>
    public int DefaultTopicQueueNums { get; init; } = 4;

    internal void Validate()
    {
        Names.ValidateGroup(Group);
        if (SendTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SendTimeout must be positive.");
        }
        if (RetryTimesWhenSendFailed is < 0 or > 16)
        {
            throw new ArgumentException($"RetryTimesWhenSendFailed = {RetryTimesWhenSendFailed} must be between 0 and 16.");
        }
        if (CompressionLevel is < 0 or > 9)
        {
            throw new ArgumentException($"CompressionLevel = {CompressionLevel} must be between 0 and 9.");
        }
        if (MaxMessageSize is < 1 or > 16 * 1024 * 1024 - 64 * 1024)
        {
            throw new ArgumentException($"MaxMessageSize = {MaxMessageSize} must be positive and fit a 16 MiB frame.");
        }
        if (DefaultTopicQueueNums is < 1 or > 1024)
        {
            throw new ArgumentException($"DefaultTopicQueueNums = {DefaultTopicQueueNums} must be between 1 and 1024.");
        }
    }
}
