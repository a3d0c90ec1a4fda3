using MassTransit.RocketMqTransport.Configuration;
using MassTransit.RocketMqTransport.Topology;

namespace MassTransit.RocketMqTransport;

/// <summary>Send and publish transports: a send writes to the topic the address names (its last segment), a publish to the topics of the message type's hierarchy.</summary>
public sealed class RocketMqSendTransportProvider(RocketMqHostConfiguration hostConfiguration, ReceiveEndpointContext context)
    : ISendTransportProvider, IPublishTransportProvider
{
    public Uri NormalizeAddress(Uri address) => new(hostConfiguration.HostAddress, RocketMqNames.TopicOf(address));

    public Task<ISendTransport> GetSendTransport(Uri address) => Task.FromResult(Create([RocketMqNames.TopicOf(address)]));

    public Task<ISendTransport> GetPublishTransport<T>(Uri? publishAddress)
        where T : class
    {
        if (hostConfiguration.Topology.Publish<T>() is RocketMqMessagePublishTopology<T> topology
            && (publishAddress is null || RocketMqNames.TopicOf(publishAddress) == topology.TopicName))
        {
            return Task.FromResult(Create(topology.PublishTopics));
        }
        if (publishAddress is null)
        {
            throw new PublishException($"No publish address for {typeof(T).Name}.");
        }
        return GetSendTransport(publishAddress);
    }

    ISendTransport Create(IReadOnlyList<string> topics) =>
        new SendTransport<PipeContext>(new RocketMqSendTransportContext(hostConfiguration, context, topics));
}
