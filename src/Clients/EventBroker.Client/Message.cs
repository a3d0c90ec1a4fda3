namespace EventBroker.Client;

/// <summary>
/// A message to send. Immutable: derive variants with <c>with</c>. <see cref="Properties"/> are the user's own
/// (RocketMQ's reserved names such as TAGS or DELAY are refused there and set through the dedicated members).
/// </summary>
public sealed record Message
{
    public Message(string topic, ReadOnlyMemory<byte> body)
    {
        Topic = topic;
        Body = body;
    }

    public Message(string topic, string body)
        : this(topic, System.Text.Encoding.UTF8.GetBytes(body))
    {
    }

    public string Topic { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The tag consumers filter on (TAGS).</summary>
    public string? Tag { get; init; }

    /// <summary>Business keys for lookups (KEYS, space-separated on the wire).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    public IReadOnlyDictionary<string, string> Properties { get; init; } = EmptyProperties;

    /// <summary>Delay level 1..18 of the broker's messageDelayLevel table (1s 5s 10s 30s 1m …); 0 for none.</summary>
    public int DelayLevel { get; init; }

    /// <summary>Deliver at this time (TIMER_DELIVER_MS, RocketMQ 5 timer messages) instead of at once.</summary>
    public DateTimeOffset? DeliverAt { get; init; }

    /// <summary>The user flag stored with the message.</summary>
    public int Flag { get; init; }

    /// <summary>WAIT: whether the broker answers only once the message is stored (Java's waitStoreMsgOK).</summary>
    public bool WaitStoreMessageOk { get; init; } = true;

    /// <summary>Properties the client itself sets (request-reply correlation); never user input.</summary>
    internal IReadOnlyDictionary<string, string>? SystemProperties { get; init; }

    internal static IReadOnlyDictionary<string, string> EmptyProperties { get; } = new Dictionary<string, string>(0);
}
