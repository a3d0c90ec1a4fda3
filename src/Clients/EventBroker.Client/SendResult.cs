namespace EventBroker.Client;

/// <summary>How a broker stored a message. Every status means stored; the non-OK ones report degraded durability.</summary>
public enum SendStatus
{
    SendOk,
    FlushDiskTimeout,
    FlushSlaveTimeout,
    SlaveNotAvailable,
}

/// <summary>
/// The broker's answer to a send. <see cref="MessageId"/> is the client id (UNIQ_KEY) consumers see as the message id;
/// <see cref="OffsetMessageId"/> encodes the store address and commit-log offset. For a batch both are comma lists.
/// </summary>
public sealed record SendResult(
    SendStatus Status,
    string MessageId,
    string OffsetMessageId,
    MessageQueue Queue,
    long QueueOffset)
{
    /// <summary>Set for transactional half messages.</summary>
    public string? TransactionId { get; init; }

    public string? RegionId { get; init; }

    public bool TraceOn { get; init; }
}
