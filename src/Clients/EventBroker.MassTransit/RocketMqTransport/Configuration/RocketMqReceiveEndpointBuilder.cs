using MassTransit.RocketMqTransport.Topology;

namespace MassTransit.RocketMqTransport.Configuration;

/// <summary>Subscribes the endpoint to the topic of every message type it consumes (unless consume topology is off).</summary>
public sealed class RocketMqReceiveEndpointBuilder(RocketMqHostConfiguration hostConfiguration, RocketMqReceiveEndpointConfiguration configuration)
    : ReceiveEndpointBuilder(configuration)
{
    public override ConnectHandle ConnectConsumePipe<T>(IPipe<ConsumeContext<T>> pipe, ConnectPipeOptions options)
    {
        if (configuration.ConfigureConsumeTopology && options.HasFlag(ConnectPipeOptions.ConfigureConsumeTopology)
            && configuration.Topology.Consume.GetMessageTopology<T>().ConfigureConsumeTopology
            && configuration.Topology.Publish.GetMessageTopology<T>() is RocketMqMessagePublishTopology<T> { Exclude: false } publish)
        {
            configuration.Topics.Add(publish.TopicName);
        }
        return base.ConnectConsumePipe(pipe, options);
    }

    public RocketMqReceiveEndpointContext CreateReceiveEndpointContext()
    {
        var context = new RocketMqReceiveEndpointContext(hostConfiguration, configuration);
        context.GetOrAddPayload(() => hostConfiguration.Topology);
        return context;
    }
}
