using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using MassTransit.RocketMqTransport;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests;

/// <summary>ScheduleSend and SchedulePublish through the delayed message scheduler: the broker holds the message until it is due.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleMessage_Specs(GatewayFixture gateway)
{
    static Task<TestBus> Start(GatewayHost host, string endpoint, bool timerMessages, bool rocketMqScheduler = false) => TestBus.StartAsync(host,
        x =>
        {
            if (rocketMqScheduler)
            {
                x.AddRocketMqMessageScheduler();
            }
            else
            {
                x.AddDelayedMessageScheduler();
            }
            x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint);
        },
        (_, cfg) =>
        {
            cfg.Host(host.NameServer, h =>
            {
                h.MessageDelayLevel("1s 2s 3s");
                h.UseTimerMessages = timerMessages;
            });
            if (rocketMqScheduler)
            {
                cfg.UseRocketMqMessageScheduler();
            }
            else
            {
                cfg.UseDelayedMessageScheduler();
            }
        });

    [Fact]
    public async Task Should_deliver_a_scheduled_send_and_a_scheduled_publish_at_their_time()
    {
        var endpoint = GatewayFixture.Unique("schedule");
        await using var bus = await Start(gateway.Host, endpoint, timerMessages: true);
        var scheduler = bus.Provider.GetRequiredService<IMessageScheduler>();
        var sent = Guid.NewGuid();
        var published = Guid.NewGuid();

        var start = DateTimeOffset.UtcNow;
        await scheduler.ScheduleSend(new Uri($"queue:{endpoint}"), DateTime.UtcNow.AddSeconds(1.5), new PingMessage(sent, "scheduled send"))
            .WaitAsync(TestBus.Timeout);
        await scheduler.SchedulePublish(DateTime.UtcNow.AddSeconds(1.5), new PingMessage(published, "scheduled publish")).WaitAsync(TestBus.Timeout);

        var send = (await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == sent))[0];
        var publish = (await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == published))[0];
        Assert.True(send.At - start >= TimeSpan.FromSeconds(1.4), $"delivered after {send.At - start}");
        Assert.True(publish.At - start >= TimeSpan.FromSeconds(1.4), $"delivered after {publish.At - start}");
        // The exact time went to the broker as a timer message (TIMER_OUT_MS: when it was due), not rounded up to the 2 s level.
        var dueAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(((RocketMqReceiveContext)send.Context.ReceiveContext).Message.GetProperty("TIMER_OUT_MS")!));
        Assert.InRange(dueAt - start, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(1.9));
    }

    [Fact]
    public async Task Should_round_a_scheduled_send_up_to_a_delay_level_without_timer_messages()
    {
        var endpoint = GatewayFixture.Unique("schedule_level");
        await using var bus = await Start(gateway.Host, endpoint, timerMessages: false);
        var scheduler = bus.Provider.GetRequiredService<IMessageScheduler>();
        var sent = Guid.NewGuid();

        var start = DateTimeOffset.UtcNow;
        // 1.5 s is between the gateway's levels 1s and 2s: the broker holds it for 2 s.
        await scheduler.ScheduleSend(new Uri($"queue:{endpoint}"), DateTime.UtcNow.AddSeconds(1.5), new PingMessage(sent, "scheduled send"))
            .WaitAsync(TestBus.Timeout);

        var send = (await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == sent))[0];
        Assert.True(send.At - start >= TimeSpan.FromSeconds(1.9), $"delivered after {send.At - start}");
        Assert.Null(((RocketMqReceiveContext)send.Context.ReceiveContext).Message.GetProperty("TIMER_OUT_MS"));
    }

    [Fact]
    public async Task Should_not_deliver_a_cancelled_scheduled_send_or_publish_and_deliver_the_one_not_cancelled()
    {
        var endpoint = GatewayFixture.Unique("schedule_cancel");
        await using var bus = await Start(gateway.Host, endpoint, timerMessages: true, rocketMqScheduler: true);
        var scheduler = bus.Provider.GetRequiredService<IMessageScheduler>();
        var destination = new Uri($"queue:{endpoint}");
        var at = DateTime.UtcNow.AddSeconds(3);
        var (cancelledSend, cancelledPublish, kept) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var send = await scheduler.ScheduleSend(destination, at, new PingMessage(cancelledSend, "cancelled send")).WaitAsync(TestBus.Timeout);
        var publish = await scheduler.SchedulePublish(at, new PingMessage(cancelledPublish, "cancelled publish")).WaitAsync(TestBus.Timeout);
        await scheduler.ScheduleSend(destination, at, new PingMessage(kept, "kept")).WaitAsync(TestBus.Timeout);
        await scheduler.CancelScheduledSend(destination, send.TokenId).WaitAsync(TestBus.Timeout);
        await scheduler.CancelScheduledPublish<PingMessage>(publish.TokenId).WaitAsync(TestBus.Timeout);

        await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == kept);
        await Task.Delay(1500); // the cancelled ones were due with it
        Assert.Empty(bus.Inbox.Of<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == cancelledSend || m.Id == cancelledPublish));
        // After delivery a cancel changes nothing and does not fail (the broker's "too late" is expected then).
        await scheduler.CancelScheduledSend(destination, send.TokenId).WaitAsync(TestBus.Timeout);
    }

    [Fact]
    public async Task Should_refuse_to_cancel_a_send_scheduled_with_a_delay_level()
    {
        var endpoint = GatewayFixture.Unique("schedule_cancel_level");
        await using var bus = await Start(gateway.Host, endpoint, timerMessages: false, rocketMqScheduler: true);
        var scheduler = bus.Provider.GetRequiredService<IMessageScheduler>();
        var destination = new Uri($"queue:{endpoint}");
        var scheduled = await scheduler.ScheduleSend(destination, DateTime.UtcNow.AddSeconds(1), new PingMessage(Guid.NewGuid(), "level")).WaitAsync(TestBus.Timeout);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => scheduler.CancelScheduledSend(destination, scheduled.TokenId));
        Assert.Contains("UseTimerMessages", error.Message);
    }
}
