using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit;

public static class RocketMqBusFactoryConfiguratorExtensions
{
    /// <summary>Uses EventBroker (RocketMQ 4.x protocol) as the bus transport.</summary>
    public static void UsingRocketMq(this IBusRegistrationConfigurator configurator,
        Action<IBusRegistrationContext, IRocketMqBusFactoryConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.SetBusFactory(new RocketMqRegistrationBusFactory(configure));
    }

    /// <summary>Host with ACL credentials.</summary>
    public static void Host(this IRocketMqBusFactoryConfigurator configurator, string nameServers, string accessKey, string secretKey)
    {
        configurator.Host(nameServers, h => h.Credentials(accessKey, secretKey));
    }
}
