using System.Text;
using EventBroker.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.Client.Tests.Integration;

[Collection(GatewayCollection.Name)]
public sealed class DependencyInjectionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task The_client_is_registered_with_options_bound_from_configuration_then_code()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBroker:NameServers:0"] = gateway.NameServer,
            ["EventBroker:InstanceName"] = "from-config",
            ["EventBroker:RequestTimeout"] = "00:00:05",
            ["EventBroker:Credentials:AccessKey"] = "ak",
            ["EventBroker:Credentials:SecretKey"] = "sk",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEventBrokerClient(configuration.GetSection("EventBroker"))
            .ConfigureOptions(o => o with { Credentials = null, HeartbeatInterval = TimeSpan.FromSeconds(10) });

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IEventBrokerClient>();

        Assert.Same(client, provider.GetRequiredService<IEventBrokerClient>());
        Assert.Equal([gateway.NameServer], client.Options.NameServers);
        Assert.EndsWith("@from-config", client.ClientId, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), client.Options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), client.Options.HeartbeatInterval);
        Assert.Null(client.Options.Credentials);

        var topic = GatewayFixture.Unique("Di");
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var result = await client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p"))).SendAsync(new Message(topic, Encoding.UTF8.GetBytes("via DI")));
        Assert.Equal(SendStatus.SendOk, result.Status);
    }

    [Fact]
    public void Credentials_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBroker:Credentials:AccessKey"] = "ak",
            ["EventBroker:Credentials:SecretKey"] = "sk",
        }).Build();
        var services = new ServiceCollection();
        services.AddEventBrokerClient().BindConfiguration("EventBroker");
        services.AddSingleton<IConfiguration>(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventBrokerClientOptions>>().Value;

        Assert.Equal("ak", options.Credentials?.AccessKey);
        Assert.Equal("sk", options.Credentials?.SecretKey);
        Assert.Empty(options.NameServers);
    }
}
