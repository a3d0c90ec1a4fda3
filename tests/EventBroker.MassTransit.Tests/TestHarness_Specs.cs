using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests;

/// <summary>MassTransit's test harness on this transport.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TestHarness_Specs(GatewayFixture gateway)
{
    [Fact]
    public async Task Should_observe_published_and_consumed_messages_in_the_test_harness()
    {
        var endpoint = GatewayFixture.Unique("harness");
        await using var provider = new ServiceCollection()
            .AddSingleton<Inbox>()
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint);
                x.UsingRocketMq((context, cfg) =>
                {
                    cfg.Host(gateway.NameServer);
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(60);
        await harness.Start();
        try
        {
            var id = Guid.NewGuid();
            await harness.Bus.Publish(new PingMessage(id, "harness"));

            Assert.True(await harness.Published.Any<PingMessage>(m => m.Context.Message.Id == id));
            Assert.True(await harness.Consumed.Any<PingMessage>(m => m.Context.Message.Id == id));
            var consumer = harness.GetConsumerHarness<Recorder<PingMessage>>();
            Assert.True(await consumer.Consumed.Any<PingMessage>(m => m.Context.Message.Id == id));
        }
        finally
        {
            await harness.Stop();
        }
    }
}
