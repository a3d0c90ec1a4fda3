
namespace MassTransit.RocketMqTransport.Configuration;

public static class RocketMqBusFactory
{
    public static IMessageTopologyConfigurator CreateMessageTopology() => new MessageTopology(Cached.EntityNameFormatter);

    static class Cached
    {
        internal static readonly IEntityNameFormatter EntityNameFormatter = new MessageUrnEntityNameFormatter();
    }
}
