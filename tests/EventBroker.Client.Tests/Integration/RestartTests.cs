using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

/// <summary>A gateway of its own, stopped and started again on the same ports while a producer and a consumer run.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Producer_and_consumer_carry_on_after_the_gateway_restarts()
    {
        var topic = GatewayFixture.Unique("Restart");
        await using var client = _host.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var collector = new Collector();
        var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await producer.SendAsync(new Message(topic, $"before{i}"));
        }
        await collector.CountAsync(3);

        await _host.StopAsync();
        await _host.StartAgainAsync();
        for (var i = 0; i < 3; i++)
        {
            await producer.SendAsync(new Message(topic, $"after{i}"));
        }

        await collector.CountAsync(6, TimeSpan.FromSeconds(20));
        Assert.Equal(["after0", "after1", "after2", "before0", "before1", "before2"], collector.Bodies.Distinct().Order());
        Assert.Equal(3, consumer.AssignedQueues.Count); // the topic's two queues and the group's retry queue
    }
}
