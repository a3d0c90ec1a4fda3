using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

public sealed class RocketMqHost(RocketMqHostConfiguration hostConfiguration, IBusTopology busTopology)
    : BaseHost(hostConfiguration, busTopology), IHost<IRocketMqReceiveEndpointConfigurator>
{
    public override HostReceiveEndpointHandle ConnectReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        ConnectReceiveEndpoint(definition, endpointNameFormatter, (Action<IRocketMqReceiveEndpointConfigurator>?)configureEndpoint);

    public HostReceiveEndpointHandle ConnectReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IRocketMqReceiveEndpointConfigurator>? configureEndpoint = null)
    {
        var queueName = definition.GetEndpointName(endpointNameFormatter ?? DefaultEndpointNameFormatter.Instance);
        return ConnectReceiveEndpoint(queueName, configurator =>
        {
            hostConfiguration.ApplyEndpointDefinition(configurator, definition);
            ((RocketMqReceiveEndpointConfiguration)configurator).IsTemporary = definition.IsTemporary;
            configureEndpoint?.Invoke(configurator);
        });
    }

    public override HostReceiveEndpointHandle ConnectReceiveEndpoint(string queueName, Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        ConnectReceiveEndpoint(queueName, (Action<IRocketMqReceiveEndpointConfigurator>?)configureEndpoint);

    public HostReceiveEndpointHandle ConnectReceiveEndpoint(string queueName, Action<IRocketMqReceiveEndpointConfigurator>? configure = null)
    {
        LogContext.SetCurrentIfNull(hostConfiguration.LogContext);
        var configuration = hostConfiguration.CreateReceiveEndpointConfiguration(queueName, configure);
        configuration.Validate().ThrowIfContainsFailure("The receive endpoint configuration is invalid:");
        configuration.Build(this);
        return ReceiveEndpoints.Start(configuration.Topic);
    }

    protected override void Probe(ProbeContext context)
    {
        context.Add("type", "RocketMQ");
        context.Add("nameServers", string.Join(";", hostConfiguration.Settings.NameServerList));
    }

    protected override IAgent[] GetAgentHandles() => [hostConfiguration.TransportProvider];
}
