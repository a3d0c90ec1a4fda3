
namespace MassTransit.RocketMqTransport.Configuration;

public sealed class RocketMqBusFactoryConfigurator : BusFactoryConfigurator, IRocketMqBusFactoryConfigurator, IBusFactory
{
    readonly RocketMqBusConfiguration _busConfiguration;
    readonly RocketMqHostConfiguration _hostConfiguration;

    public RocketMqBusFactoryConfigurator(RocketMqBusConfiguration busConfiguration)
        : base(busConfiguration)
    {
        _busConfiguration = busConfiguration;
        _hostConfiguration = busConfiguration.HostConfiguration;
        busConfiguration.BusEndpointConfiguration.Consume.Configurator.AutoStart = true;
    }

    public IReceiveEndpointConfiguration CreateBusEndpointConfiguration(Action<IReceiveEndpointConfigurator> configure)
    {
        var queueName = _busConfiguration.Topology.Consume.CreateTemporaryQueueName("bus");
        var configuration = _hostConfiguration.CreateReceiveEndpointConfiguration(queueName, _busConfiguration.BusEndpointConfiguration, configure);
        configuration.IsTemporary = true;
        return configuration;
    }

    public RocketMqErrorDestination ErrorDestination
    {
        set => _hostConfiguration.Settings.ErrorDestination = value;
    }

    public void Host(string nameServers, Action<IRocketMqHostConfigurator>? configure = null)
    {
        _hostConfiguration.Settings.NameServers(nameServers);
        configure?.Invoke(_hostConfiguration.Settings);
    }

    public void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IRocketMqReceiveEndpointConfigurator>? configureEndpoint = null) =>
        _hostConfiguration.ReceiveEndpoint(definition, endpointNameFormatter, configureEndpoint);

    public void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        _hostConfiguration.ReceiveEndpoint(definition, endpointNameFormatter, configureEndpoint);

    public void ReceiveEndpoint(string queueName, Action<IRocketMqReceiveEndpointConfigurator> configureEndpoint) =>
        _hostConfiguration.ReceiveEndpoint(queueName, configureEndpoint);

    public void ReceiveEndpoint(string queueName, Action<IReceiveEndpointConfigurator> configureEndpoint) =>
        _hostConfiguration.ReceiveEndpoint(queueName, configureEndpoint);
}
