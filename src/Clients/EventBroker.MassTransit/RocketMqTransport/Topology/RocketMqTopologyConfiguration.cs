
namespace MassTransit.RocketMqTransport.Topology;

public sealed class RocketMqTopologyConfiguration : ITopologyConfiguration
{
    readonly RocketMqConsumeTopology _consume;
    readonly IPublishTopologyConfigurator _publish;
    readonly ISendTopologyConfigurator _send;

    public RocketMqTopologyConfiguration(IMessageTopologyConfigurator messageTopology)
    {
        Message = messageTopology;
        _send = new SendTopology();
        _send.ConnectSendTopologyConfigurationObserver(new DelegateSendTopologyConfigurationObserver(GlobalTopology.Send));
        _publish = new RocketMqPublishTopology(messageTopology);
        _publish.ConnectPublishTopologyConfigurationObserver(new DelegatePublishTopologyConfigurationObserver(GlobalTopology.Publish));
        _publish.ConnectPublishTopologyConfigurationObserver(new PublishToSendTopologyConfigurationObserver(_send));
        _consume = new RocketMqConsumeTopology();
    }

    public RocketMqTopologyConfiguration(ITopologyConfiguration parent)
    {
        Message = parent.Message;
        _send = parent.Send;
        _publish = parent.Publish;
        _consume = new RocketMqConsumeTopology();
    }

    public IMessageTopologyConfigurator Message { get; }

    public ISendTopologyConfigurator Send => _send;

    public IPublishTopologyConfigurator Publish => _publish;

    public IConsumeTopologyConfigurator Consume => _consume;

    public IEnumerable<ValidationResult> Validate() => _send.Validate().Concat(_publish.Validate()).Concat(_consume.Validate());
}
