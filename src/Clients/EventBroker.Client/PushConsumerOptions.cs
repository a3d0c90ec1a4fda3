namespace EventBroker.Client;

/// <summary>
/// Settings of a push consumer (Java's DefaultMQPushConsumer), with the Java client's defaults. Immutable; derive
/// variants with <c>with</c>.
/// </summary>
public sealed record PushConsumerOptions
{
    public PushConsumerOptions()
    {
    }

    public PushConsumerOptions(string group, params Subscription[] subscriptions)
    {
        Group = group;
        Subscriptions = subscriptions;
    }

    public string Group { get; init; } = "";

    public IReadOnlyList<Subscription> Subscriptions { get; init; } = [];

    public MessageModel MessageModel { get; init; } = MessageModel.Clustering;

    public ConsumeFromWhere ConsumeFromWhere { get; init; } = ConsumeFromWhere.LastOffset;

    /// <summary>For <see cref="ConsumeFromWhere.Timestamp"/>; null means half an hour before the consumer started.</summary>
    public DateTimeOffset? ConsumeTimestamp { get; init; }

    /// <summary>Hand each queue's messages to the handler one at a time in queue order, holding the broker's queue lock.</summary>
    public bool ConsumeOrderly { get; init; }

    /// <summary>How queues are divided among the group's members (clustering only).</summary>
    public IAllocateMessageQueueStrategy AllocateStrategy { get; init; } = new AllocateMessageQueueAveragely();

    /// <summary>Handler calls running at once (Java's consumeThreadMin).</summary>
    public int ConsumeConcurrency { get; init; } = 20;

    /// <summary>Messages asked for per pull.</summary>
    public int PullBatchSize { get; init; } = 32;

    /// <summary>Flow control: pulling a queue pauses while this many of its messages wait to be consumed.</summary>
    public int PullThresholdForQueue { get; init; } = 1000;

    /// <summary>Flow control: pulling a queue pauses while its waiting messages hold this many MiB of bodies.</summary>
    public int PullThresholdSizeForQueueMiB { get; init; } = 100;

    /// <summary>Flow control (concurrent only): pulling pauses while the oldest and newest waiting offsets are this far apart.</summary>
    public int ConsumeConcurrentlyMaxSpan { get; init; } = 2000;

    /// <summary>Deliveries before a message goes to the DLQ; -1 means 16 (concurrent) or unlimited (orderly).</summary>
    public int MaxReconsumeTimes { get; init; } = -1;

    /// <summary>Orderly: how long a queue pauses after a <see cref="ConsumeResult.Retry"/>.</summary>
    public TimeSpan SuspendCurrentQueueTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between two pulls of one queue (0: pull again at once).</summary>
    public TimeSpan PullInterval { get; init; } = TimeSpan.Zero;

    /// <summary>How long the broker may hold a pull that finds nothing (long polling).</summary>
    public TimeSpan BrokerSuspendMaxTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the client waits for a long-polling pull's answer.</summary>
    public TimeSpan ConsumerTimeoutWhenSuspend { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Send the subscription with every pull (as the C++ client does), so a broker that lost the group's heartbeat still
    /// filters correctly. The Java client leaves it to the heartbeat.
    /// </summary>
    public bool PostSubscriptionWhenPull { get; init; } = true;

    /// <summary>Broadcasting: where offsets are kept (<c>{dir}/{clientId}/{group}/offsets.json</c>); null is ~/.rocketmq_offsets.</summary>
    public string? OffsetStoreDirectory { get; init; }

    /// <summary>On stop, how long running handlers may finish before their token is cancelled.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal int EffectiveMaxReconsumeTimes => MaxReconsumeTimes switch
    {
        -1 when ConsumeOrderly => int.MaxValue,
        -1 => 16,
        _ => MaxReconsumeTimes,
    };

    internal void Validate()
    {
        Names.ValidateGroup(Group);
        if (Subscriptions.Count == 0)
        {
            throw new ArgumentException($"Consumer group '{Group}' subscribes to nothing: add at least one Subscription.");
        }
        foreach (var subscription in Subscriptions)
        {
            Names.ValidateTopic(subscription.Topic);
        }
        if (Subscriptions.Select(s => s.Topic).Distinct(StringComparer.Ordinal).Count() != Subscriptions.Count)
        {
            throw new ArgumentException($"Consumer group '{Group}' subscribes to a topic twice.");
        }
        ArgumentNullException.ThrowIfNull(AllocateStrategy);
        Require(ConsumeConcurrency is >= 1 and <= 1000, nameof(ConsumeConcurrency), "between 1 and 1000");
        Require(PullBatchSize is >= 1 and <= 1024, nameof(PullBatchSize), "between 1 and 1024");
        Require(PullThresholdForQueue is >= 1 and <= 65535, nameof(PullThresholdForQueue), "between 1 and 65535");
        Require(PullThresholdSizeForQueueMiB is >= 1 and <= 1024, nameof(PullThresholdSizeForQueueMiB), "between 1 and 1024");
        Require(ConsumeConcurrentlyMaxSpan is >= 1 and <= 65535, nameof(ConsumeConcurrentlyMaxSpan), "between 1 and 65535");
        Require(MaxReconsumeTimes >= -1, nameof(MaxReconsumeTimes), "-1 or more");
        Require(BrokerSuspendMaxTime > TimeSpan.Zero && ConsumerTimeoutWhenSuspend > BrokerSuspendMaxTime,
            nameof(ConsumerTimeoutWhenSuspend), "longer than BrokerSuspendMaxTime");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {rule}.");
        }
    }
}
