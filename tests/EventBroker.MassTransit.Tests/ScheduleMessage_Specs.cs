using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests;

/// <summary>ScheduleSend and SchedulePublish through the delayed message scheduler: the broker holds the message until it is due.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleMessage_Specs(GatewayFixture gateway)
{
    [Fact]
    public async Task Should_deliver_a_scheduled_send_and_a_scheduled_publish_when_due()
    {
        var endpoint = GatewayFixture.Unique("schedule");
        await using var bus = await TestBus.StartAsync(gateway.Host,
            x =>
            {
                x.AddDelayedMessageScheduler();
                x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint);
            },
            (_, cfg) => cfg.UseDelayedMessageScheduler());
        var scheduler = bus.Provider.GetRequiredService<IMessageScheduler>();
        var sent = Guid.NewGuid();
        var published = Guid.NewGuid();

        var start = DateTimeOffset.UtcNow;
        await scheduler.ScheduleSend(new Uri($"queue:{endpoint}"), DateTime.UtcNow.AddSeconds(2), new PingMessage(sent, "scheduled send"));
        await scheduler.SchedulePublish(DateTime.UtcNow.AddSeconds(2), new PingMessage(published, "scheduled publish"));

        var send = (await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == sent))[0];
        var publish = (await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == published))[0];
        Assert.True(send.At - start >= TimeSpan.FromSeconds(1.8), $"delivered after {send.At - start}");
        Assert.True(publish.At - start >= TimeSpan.FromSeconds(1.8), $"delivered after {publish.At - start}");
    }
}
