namespace EventBroker.Client;

/// <summary>Settings of a pull consumer, which reads queues the application picks itself and commits offsets when told.</summary>
public sealed record PullConsumerOptions
{
    public PullConsumerOptions()
    {
    }

    public PullConsumerOptions(string group)
    {
        Group = group;
    }

    public string Group { get; init; } = "";

    /// <summary>How long the broker may hold a pull that finds nothing, for the long-polling reads.</summary>
    public TimeSpan BrokerSuspendMaxTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the client waits for a long-polling pull's answer.</summary>
    public TimeSpan ConsumerTimeoutWhenSuspend { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        Names.ValidateGroup(Group);
        if (BrokerSuspendMaxTime <= TimeSpan.Zero || ConsumerTimeoutWhenSuspend <= BrokerSuspendMaxTime)
        {
            throw new ArgumentException("ConsumerTimeoutWhenSuspend must be longer than a positive BrokerSuspendMaxTime.");
        }
    }
}

/// <summary>What a pull found.</summary>
public enum PullStatus
{
    /// <summary>Messages were found (after client-side tag filtering the list may still be empty).</summary>
    Found,

    /// <summary>The queue has nothing at or after the offset.</summary>
    NoNewMessage,

    /// <summary>Messages exist but none matched the selector.</summary>
    NoMatchedMessage,

    /// <summary>The offset is outside the queue; continue from <see cref="PullResult.NextBeginOffset"/>.</summary>
    OffsetIllegal,
}

/// <summary>The answer to one pull.</summary>
public sealed record PullResult(
    PullStatus Status,
    long NextBeginOffset,
    long MinOffset,
    long MaxOffset,
    IReadOnlyList<ReceivedMessage> Messages);
