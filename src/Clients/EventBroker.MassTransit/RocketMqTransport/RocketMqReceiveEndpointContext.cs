using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

public sealed class RocketMqReceiveEndpointContext(RocketMqHostConfiguration hostConfiguration, RocketMqReceiveEndpointConfiguration configuration)
    : BaseReceiveEndpointContext(hostConfiguration, configuration)
{
    public ISendTopology SendTopology => configuration.Topology.Send;

    public override void AddSendAgent(IAgent agent) => throw new NotSupportedException();

    public override void AddConsumeAgent(IAgent agent) => throw new NotSupportedException();

    public override Exception ConvertException(Exception exception, string message) => exception;

    protected override ISendTransportProvider CreateSendTransportProvider() => new RocketMqSendTransportProvider(hostConfiguration, this);

    protected override IPublishTransportProvider CreatePublishTransportProvider() => new RocketMqSendTransportProvider(hostConfiguration, this);
}
