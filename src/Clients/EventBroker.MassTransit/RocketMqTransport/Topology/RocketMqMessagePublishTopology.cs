using System.Diagnostics.CodeAnalysis;

namespace MassTransit.RocketMqTransport.Topology;

/// <summary>A message type's topic: its entity name made a valid RocketMQ name.</summary>
public sealed class RocketMqMessagePublishTopology<TMessage>(IPublishTopologyConfigurator publishTopology, IMessageTopology<TMessage> messageTopology)
    : MessagePublishTopology<TMessage>(publishTopology)
    where TMessage : class
{
    public string TopicName => RocketMqNames.Sanitize(messageTopology.EntityName);

    public override bool TryGetPublishAddress(Uri baseAddress, [NotNullWhen(true)] out Uri? publishAddress)
    {
        publishAddress = new Uri(baseAddress, TopicName);
        return true;
    }
}
