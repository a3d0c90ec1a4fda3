
namespace MassTransit.RocketMqTransport.Topology;

public sealed class RocketMqBusTopology(IHostConfiguration hostConfiguration, ITopologyConfiguration configuration)
    : BusTopology(hostConfiguration, configuration);
