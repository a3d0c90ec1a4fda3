namespace MassTransit;

/// <summary>Where a receive endpoint moves messages whose consumers faulted (after retries) or that could not be deserialized.</summary>
public enum RocketMqErrorDestination
{
    /// <summary>MassTransit's convention: the topic <c>{endpoint}_error</c>.</summary>
    ErrorTopic,

    /// <summary>RocketMQ's convention: the consumer group's dead-letter topic <c>%DLQ%{endpoint}</c>, next to the broker's own dead letters.</summary>
    DeadLetterTopic,
}
