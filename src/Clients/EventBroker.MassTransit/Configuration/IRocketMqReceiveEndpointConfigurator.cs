namespace MassTransit;

/// <summary>A receive endpoint: a consumer group subscribed to the endpoint's own topic and the topics of the message types it consumes.</summary>
public interface IRocketMqReceiveEndpointConfigurator : IReceiveEndpointConfigurator
{
    /// <summary>Subscribes the endpoint's consumer group to another topic as well.</summary>
    void Subscribe(string topic);

    /// <summary>Where this endpoint moves faulted messages (default: the bus's <see cref="IRocketMqBusFactoryConfigurator.ErrorDestination"/>).</summary>
    RocketMqErrorDestination ErrorDestination { set; }
}
