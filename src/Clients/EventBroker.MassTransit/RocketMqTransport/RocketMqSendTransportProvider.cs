using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

/// <summary>Send and publish transports: both write to a topic, named by the address's last segment.</summary>
public sealed class RocketMqSendTransportProvider(RocketMqHostConfiguration hostConfiguration, ReceiveEndpointContext context)
    : ISendTransportProvider, IPublishTransportProvider
{
    public Uri NormalizeAddress(Uri address) => new(hostConfiguration.HostAddress, RocketMqNames.TopicOf(address));

    public Task<ISendTransport> GetSendTransport(Uri address)
    {
        var transportContext = new RocketMqSendTransportContext(hostConfiguration, context, RocketMqNames.TopicOf(address));
        return Task.FromResult<ISendTransport>(new SendTransport<PipeContext>(transportContext));
    }

    public Task<ISendTransport> GetPublishTransport<T>(Uri? publishAddress)
        where T : class
    {
        if (publishAddress is null && !hostConfiguration.Topology.TryGetPublishAddress<T>(out publishAddress))
        {
            throw new PublishException($"No publish address for {typeof(T).Name}.");
        }
        return GetSendTransport(publishAddress);
    }
}
