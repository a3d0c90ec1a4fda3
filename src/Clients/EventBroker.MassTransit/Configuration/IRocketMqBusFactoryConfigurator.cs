namespace MassTransit;

/// <summary>Configures a bus on the RocketMQ transport.</summary>
public interface IRocketMqBusFactoryConfigurator : IBusFactoryConfigurator<IRocketMqReceiveEndpointConfigurator>
{
    /// <summary>The name server(s): <c>"127.0.0.1:9876"</c> or a list separated by ';' or ','.</summary>
    void Host(string nameServers, Action<IRocketMqHostConfigurator>? configure = null);

    /// <summary>Where every receive endpoint moves faulted messages unless it chooses otherwise (default <see cref="RocketMqErrorDestination.ErrorTopic"/>).</summary>
    RocketMqErrorDestination ErrorDestination { set; }
}
