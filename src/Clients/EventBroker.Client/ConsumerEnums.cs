namespace EventBroker.Client;

/// <summary>How a consumer group shares a topic's messages.</summary>
public enum MessageModel
{
    /// <summary>Each message goes to one member of the group; queues are divided among the members.</summary>
    Clustering,

    /// <summary>Every member receives every message; offsets are kept locally by each member.</summary>
    Broadcasting,
}

/// <summary>Where a group starts on a queue it has no committed offset for.</summary>
public enum ConsumeFromWhere
{
    /// <summary>At the end: only messages sent from now on (a brand-new queue is read from its start).</summary>
    LastOffset,

    /// <summary>At the first message the broker still holds.</summary>
    FirstOffset,

    /// <summary>At the first message stored at or after <see cref="PushConsumerOptions.ConsumeTimestamp"/>.</summary>
    Timestamp,
}

/// <summary>The kind of subscription expression.</summary>
public enum ExpressionType
{
    /// <summary><c>*</c> or <c>TagA || TagB</c>.</summary>
    Tag,

    /// <summary>An SQL92 condition over message properties, evaluated by the broker.</summary>
    Sql92,
}
