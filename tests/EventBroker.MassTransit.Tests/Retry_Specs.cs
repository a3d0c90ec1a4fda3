using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using MassTransit.RocketMqTransport;

namespace EventBroker.MassTransit.Tests;

/// <summary>In-process retries (UseMessageRetry) and broker redelivery (UseDelayedRedelivery, Redeliver: CONSUMER_SEND_MSG_BACK with a delay level).</summary>
[Collection(GatewayCollection.Name)]
public sealed class Retry_Specs(GatewayFixture gateway)
{
    static Task<TestBus> StartFlaky(GatewayHost host, string endpoint, Action<IReceiveEndpointConfigurator> configure) =>
        TestBus.StartAsync(host, x =>
        {
            x.AddConsumer<FlakyConsumer>().Endpoint(e => e.Name = endpoint);
            x.AddConfigureEndpointsCallback((_, name, cfg) =>
            {
                if (name == endpoint)
                {
                    configure(cfg);
                }
            });
        });

    [Fact]
    public async Task Should_retry_in_process_with_UseMessageRetry()
    {
        var endpoint = GatewayFixture.Unique("retry");
        await using var bus = await StartFlaky(gateway.Host, endpoint, e => e.UseMessageRetry(r => r.Immediate(3)));
        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new FlakyMessage(id, 2));

        var attempts = await bus.Inbox.WaitFor<FlakyMessage>(nameof(FlakyConsumer), m => m.Id == id, count: 3);
        Assert.Equal(2, attempts[2].Context.GetRetryAttempt());
        Assert.False(attempts[2].Context.ReceiveContext.Redelivered);
        Assert.Equal(0, ((RocketMqReceiveContext)attempts[2].Context.ReceiveContext).Message.ReconsumeTimes);
    }

    [Fact]
    public async Task Should_redeliver_through_the_broker_with_UseDelayedRedelivery()
    {
        var endpoint = GatewayFixture.Unique("redeliver");
        await using var bus = await StartFlaky(gateway.Host, endpoint, e => e.UseDelayedRedelivery(r => r.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))));
        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new FlakyMessage(id, 2));

        var attempts = await bus.Inbox.WaitFor<FlakyMessage>(nameof(FlakyConsumer), m => m.Id == id, count: 3);
        var last = attempts[2].Context;
        Assert.Equal(2, last.GetRedeliveryCount());
        Assert.True(last.ReceiveContext.Redelivered);
        // Sent back to the broker: the redelivery came from the group's %RETRY% topic with the broker's reconsume count.
        Assert.Equal(2, ((RocketMqReceiveContext)last.ReceiveContext).Message.ReconsumeTimes);
        Assert.Equal(attempts[0].Context.MessageId, last.MessageId);
        // Level 1 (1 s), then level 2 (2 s) of the gateway's "1s 2s 3s": the broker held the message that long.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.8), $"first redelivery after {attempts[1].At - attempts[0].At}");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(1.8), $"second redelivery after {attempts[2].At - attempts[1].At}");
    }

    [Fact]
    public async Task Should_move_the_message_to_the_error_topic_when_redeliveries_run_out()
    {
        var endpoint = GatewayFixture.Unique("redeliver_out");
        await using var reader = await TopicReader.StartAsync(gateway.Host, endpoint + "_error");
        await using var bus = await StartFlaky(gateway.Host, endpoint, e => e.UseDelayedRedelivery(r => r.Intervals(TimeSpan.FromSeconds(1))));
        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new FlakyMessage(id, 100));

        var attempts = await bus.Inbox.WaitFor<FlakyMessage>(nameof(FlakyConsumer), m => m.Id == id, count: 2);
        var moved = await reader.WaitFor(m => m.GetProperty("MessageId") == attempts[0].Context.MessageId.ToString());
        Assert.Equal("fault", moved.GetProperty("MT-Reason"));
        Assert.Equal("attempt 2 fails", moved.GetProperty("MT-Fault-Message"));
        Assert.Equal(2, bus.Inbox.Of<FlakyMessage>(nameof(FlakyConsumer), m => m.Id == id).Count);
    }

    [Fact]
    public async Task Should_redeliver_later_when_a_consumer_calls_Redeliver()
    {
        var endpoint = GatewayFixture.Unique("redeliver_call");
        await using var bus = await TestBus.StartAsync(gateway.Host, x => x.AddConsumer<RedeliveringConsumer>().Endpoint(e => e.Name = endpoint));
        var id = Guid.NewGuid();
        // 2 s is a level of the gateway's "1s 2s 3s"; 1.5 s would round up to it as well.
        await (await bus.Endpoint(endpoint)).Send(new RedeliverMessage(id, 2));

        var deliveries = await bus.Inbox.WaitFor<RedeliverMessage>(nameof(RedeliveringConsumer), m => m.Id == id, count: 2);
        Assert.Equal(1, deliveries[1].Context.GetRedeliveryCount());
        Assert.True(deliveries[1].At - deliveries[0].At >= TimeSpan.FromSeconds(1.8), $"redelivered after {deliveries[1].At - deliveries[0].At}");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(900, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(25_000, 4)]
    [InlineData(60_000, 5)]
    [InlineData(86_400_000, 18)]
    public void Should_pick_the_nearest_delay_level_at_least_as_long(int milliseconds, int level)
    {
        var levels = RocketMqDelayLevels.Parse(RocketMqDelayLevels.Default);
        Assert.Equal(level, levels.LevelFor(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1s 5x")]
    [InlineData("0s")]
    [InlineData("s")]
    public void Should_refuse_delay_levels_that_are_not_the_brokers_format(string spec)
    {
        var error = Assert.Throws<FormatException>(() => RocketMqDelayLevels.Parse(spec));
        Assert.Contains("messageDelayLevel", error.Message);
    }
}
