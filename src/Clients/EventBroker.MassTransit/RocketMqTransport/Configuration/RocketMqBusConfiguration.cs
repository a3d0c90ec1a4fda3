using MassTransit.Observables;

namespace MassTransit.RocketMqTransport.Configuration;

public sealed class RocketMqBusConfiguration : RocketMqEndpointConfiguration, IBusConfiguration
{
    readonly BusObservable _busObservers = new();

    public RocketMqBusConfiguration(ITopologyConfiguration topologyConfiguration)
        : base(topologyConfiguration)
    {
        HostConfiguration = new RocketMqHostConfiguration(this, topologyConfiguration);
        BusEndpointConfiguration = CreateEndpointConfiguration(true);
    }

    public RocketMqHostConfiguration HostConfiguration { get; }

    public RocketMqEndpointConfiguration BusEndpointConfiguration { get; }

    IHostConfiguration IBusConfiguration.HostConfiguration => HostConfiguration;

    IEndpointConfiguration IBusConfiguration.BusEndpointConfiguration => BusEndpointConfiguration;

    IBusObserver IBusConfiguration.BusObservers => _busObservers;

    public ConnectHandle ConnectBusObserver(IBusObserver observer) => _busObservers.Connect(observer);

    public ConnectHandle ConnectEndpointConfigurationObserver(IEndpointConfigurationObserver observer) =>
        HostConfiguration.ConnectEndpointConfigurationObserver(observer);
}
