using System.Diagnostics.CodeAnalysis;

namespace MassTransit.RocketMqTransport.Topology;

/// <summary>A message type's topic (its entity name made a valid RocketMQ name) and the topics a publish of it writes to.</summary>
public sealed class RocketMqMessagePublishTopology<TMessage>(IPublishTopologyConfigurator publishTopology, IMessageTopology<TMessage> messageTopology)
    : MessagePublishTopology<TMessage>(publishTopology)
    where TMessage : class
{
    IReadOnlyList<string>? _publishTopics;

    public string TopicName => RocketMqNames.Sanitize(messageTopology.EntityName);

    /// <summary>
    /// This type's topic, then those of its base types and interfaces that are published (not excluded from the topology):
    /// a consumer of <c>IOrderEvent</c> subscribes to IOrderEvent's topic and so receives an <c>OrderCreated : IOrderEvent</c>.
    /// </summary>
    public IReadOnlyList<string> PublishTopics => _publishTopics ??= ResolvePublishTopics();

    public override bool TryGetPublishAddress(Uri baseAddress, [NotNullWhen(true)] out Uri? publishAddress)
    {
        publishAddress = new Uri(baseAddress, TopicName);
        return true;
    }

    IReadOnlyList<string> ResolvePublishTopics()
    {
        var topics = new List<string> { TopicName };
        foreach (var type in MessageTypeCache<TMessage>.MessageTypes)
        {
            if (type == typeof(TMessage))
            {
                continue;
            }
            if (publishTopology.GetMessageTopology(type) is IMessagePublishTopology { Exclude: false } implemented
                && implemented.TryGetPublishAddress(new Uri("rocketmq://localhost/"), out var address)
                && RocketMqNames.TopicOf(address) is var topic && !topics.Contains(topic))
            {
                topics.Add(topic);
            }
        }
        return topics;
    }
}
