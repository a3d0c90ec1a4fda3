
namespace MassTransit.RocketMqTransport.Configuration;

public sealed class RocketMqReceiveEndpointConfiguration : ReceiveEndpointConfiguration, IRocketMqReceiveEndpointConfigurator
{
    readonly RocketMqHostConfiguration _hostConfiguration;

    public RocketMqReceiveEndpointConfiguration(RocketMqHostConfiguration hostConfiguration, string topic, RocketMqEndpointConfiguration endpointConfiguration)
        : base(hostConfiguration, endpointConfiguration)
    {
        _hostConfiguration = hostConfiguration;
        Topic = topic;
        HostAddress = hostConfiguration.HostAddress;
        InputAddress = new Uri(hostConfiguration.HostAddress, topic);
        Topics.Add(topic);
    }

    /// <summary>The endpoint's own topic, also its consumer group.</summary>
    public string Topic { get; }

    /// <summary>Every topic the group subscribes to: its own and those of the message types it consumes.</summary>
    public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Where faulted messages go; null: the bus's default.</summary>
    public RocketMqErrorDestination? ErrorDestination { get; set; }

    RocketMqErrorDestination IRocketMqReceiveEndpointConfigurator.ErrorDestination
    {
        set => ErrorDestination = value;
    }

    /// <summary>A temporary endpoint (the bus's reply endpoint, a temporary endpoint definition): its topic is deleted when it stops.</summary>
    public bool IsTemporary { get; set; }

    public override Uri HostAddress { get; }

    public override Uri InputAddress { get; }

    public void Subscribe(string topic) => Topics.Add(RocketMqNames.Sanitize(topic));

    public override ReceiveEndpointContext CreateReceiveEndpointContext() => CreateRocketMqContext();

    public void Build(IHost host)
    {
        var context = CreateRocketMqContext();
        var transport = new RocketMqReceiveTransport(_hostConfiguration, this, context);
        var receiveEndpoint = new ReceiveEndpoint(transport, context);
        host.AddReceiveEndpoint(Topic, receiveEndpoint);
        ReceiveEndpoint = receiveEndpoint;
    }

    RocketMqReceiveEndpointContext CreateRocketMqContext()
    {
        var builder = new RocketMqReceiveEndpointBuilder(_hostConfiguration, this);
        ApplySpecifications(builder);
        return builder.CreateReceiveEndpointContext();
    }
}
