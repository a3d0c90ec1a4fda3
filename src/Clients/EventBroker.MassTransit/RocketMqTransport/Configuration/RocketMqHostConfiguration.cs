using MassTransit.RocketMqTransport.Topology;

namespace MassTransit.RocketMqTransport.Configuration;

public sealed class RocketMqHostConfiguration
    : BaseHostConfiguration<RocketMqReceiveEndpointConfiguration, IRocketMqReceiveEndpointConfigurator>
{
    readonly RocketMqBusConfiguration _busConfiguration;
    readonly RocketMqBusTopology _topology;

    public RocketMqHostConfiguration(RocketMqBusConfiguration busConfiguration, ITopologyConfiguration topologyConfiguration)
        : base(busConfiguration)
    {
        _busConfiguration = busConfiguration;
        _topology = new RocketMqBusTopology(this, topologyConfiguration);
        ReceiveTransportRetryPolicy = Retry.CreatePolicy(x =>
        {
            x.Handle<EventBroker.Client.EventBrokerException>();
            x.Exponential(1000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));
        });
        TransportProvider = new RocketMqTransportProvider(this);
    }

    public RocketMqHostSettings Settings { get; } = new();

    public RocketMqTransportProvider TransportProvider { get; }

    public override Uri HostAddress => Settings.HostAddress;

    public override IBusTopology Topology => _topology;

    public override IRetryPolicy ReceiveTransportRetryPolicy { get; }

    public RocketMqReceiveEndpointConfiguration CreateReceiveEndpointConfiguration(string queueName, RocketMqEndpointConfiguration endpointConfiguration,
        Action<IRocketMqReceiveEndpointConfigurator>? configure)
    {
        var configuration = new RocketMqReceiveEndpointConfiguration(this, RocketMqNames.Sanitize(queueName), endpointConfiguration);
        configure?.Invoke(configuration);
        Observers.EndpointConfigured(configuration);
        Add(configuration);
        return configuration;
    }

    public RocketMqReceiveEndpointConfiguration CreateReceiveEndpointConfiguration(string queueName, Action<IRocketMqReceiveEndpointConfigurator>? configure) =>
        CreateReceiveEndpointConfiguration(queueName, _busConfiguration.CreateEndpointConfiguration(), configure);

    public override IReceiveEndpointConfiguration CreateReceiveEndpointConfiguration(string queueName, Action<IReceiveEndpointConfigurator>? configure) =>
        CreateReceiveEndpointConfiguration(queueName, configure);

    public override void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IRocketMqReceiveEndpointConfigurator>? configureEndpoint = null)
    {
        var queueName = definition.GetEndpointName(endpointNameFormatter ?? DefaultEndpointNameFormatter.Instance);
        ReceiveEndpoint(queueName, configurator =>
        {
            ApplyEndpointDefinition(configurator, definition);
            ((RocketMqReceiveEndpointConfiguration)configurator).IsTemporary = definition.IsTemporary;
            configureEndpoint?.Invoke(configurator);
        });
    }

    public new void ApplyEndpointDefinition(IReceiveEndpointConfigurator configurator, IEndpointDefinition definition) =>
        base.ApplyEndpointDefinition(configurator, definition);

    public override void ReceiveEndpoint(string queueName, Action<IRocketMqReceiveEndpointConfigurator> configureEndpoint) =>
        CreateReceiveEndpointConfiguration(queueName, configureEndpoint);

    public override IHost Build()
    {
        var host = new RocketMqHost(this, _topology);
        foreach (var endpointConfiguration in GetConfiguredEndpoints())
        {
            endpointConfiguration.Build(host);
        }
        return host;
    }
}
