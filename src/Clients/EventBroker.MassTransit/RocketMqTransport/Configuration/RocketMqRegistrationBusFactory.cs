using MassTransit.RocketMqTransport.Topology;

namespace MassTransit.RocketMqTransport.Configuration;

public sealed class RocketMqRegistrationBusFactory : TransportRegistrationBusFactory<IRocketMqReceiveEndpointConfigurator>
{
    readonly RocketMqBusConfiguration _busConfiguration;
    readonly Action<IBusRegistrationContext, IRocketMqBusFactoryConfigurator>? _configure;

    public RocketMqRegistrationBusFactory(Action<IBusRegistrationContext, IRocketMqBusFactoryConfigurator>? configure)
        : this(new RocketMqBusConfiguration(new RocketMqTopologyConfiguration(RocketMqBusFactory.CreateMessageTopology())), configure)
    {
    }

    RocketMqRegistrationBusFactory(RocketMqBusConfiguration busConfiguration, Action<IBusRegistrationContext, IRocketMqBusFactoryConfigurator>? configure)
        : base(busConfiguration.HostConfiguration)
    {
        _busConfiguration = busConfiguration;
        _configure = configure;
    }

    public override IBusInstance CreateBus(IBusRegistrationContext context, IEnumerable<IBusInstanceSpecification> specifications, string busName)
    {
        var configurator = new RocketMqBusFactoryConfigurator(_busConfiguration);
        return CreateBus(configurator, context, _configure, specifications);
    }
}
