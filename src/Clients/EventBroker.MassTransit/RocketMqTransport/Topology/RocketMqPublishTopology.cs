
namespace MassTransit.RocketMqTransport.Topology;

/// <summary>One topic per message type.</summary>
public sealed class RocketMqPublishTopology(IMessageTopology messageTopology) : PublishTopology
{
    protected override IMessagePublishTopologyConfigurator CreateMessageTopology<T>()
    {
        var topology = new RocketMqMessagePublishTopology<T>(this, messageTopology.GetMessageTopology<T>());
        OnMessageTopologyCreated(topology);
        return topology;
    }
}
