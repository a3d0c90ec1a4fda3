using MassTransit.RocketMqTransport.Topology;

namespace MassTransit.RocketMqTransport.Configuration;

public class RocketMqEndpointConfiguration : EndpointConfiguration
{
    readonly ITopologyConfiguration _topology;

    protected RocketMqEndpointConfiguration(ITopologyConfiguration topology)
        : base(topology)
    {
        _topology = topology;
    }

    RocketMqEndpointConfiguration(IEndpointConfiguration parent, ITopologyConfiguration topology, bool isBusEndpoint)
        : base(parent, topology, isBusEndpoint)
    {
        _topology = topology;
    }

    public RocketMqEndpointConfiguration CreateEndpointConfiguration(bool isBusEndpoint = false) =>
        new(this, new RocketMqTopologyConfiguration(_topology), isBusEndpoint);
}
