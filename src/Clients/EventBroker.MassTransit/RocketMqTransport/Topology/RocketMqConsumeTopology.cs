namespace MassTransit.RocketMqTransport.Topology;

/// <summary>Consume topology with RocketMQ's name limit (temporary endpoint names included).</summary>
public sealed class RocketMqConsumeTopology() : ConsumeTopology(RocketMqNames.MaxLength);
