using EventBroker.Client;
using EventBroker.MassTransit.Tests.Support;

namespace EventBroker.MassTransit.Tests;

/// <summary>The gateway restarts (same ports, same data) while a bus sends and consumes: nothing sent is lost.</summary>
public sealed class Reconnecting_Specs : IAsyncLifetime
{
    GatewayHost? _gateway;

    GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The gateway has not started.");

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_consume_every_message_sent_before_during_and_after_a_gateway_restart()
    {
        var endpoint = GatewayFixture.Unique("reconnect");
        await using var bus = await TestBus.StartAsync(Gateway, x => x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint));
        var sendEndpoint = await bus.Endpoint(endpoint);
        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var failedSends = 0;

        for (var i = 0; i < ids.Count; i++)
        {
            if (i == 10)
            {
                await Gateway.StopAsync();
                // Restart in the background while the sender keeps trying.
                _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => Gateway.StartAgainAsync()).Unwrap();
            }
            // A producer whose send fails while the broker is away tries again, as an application would.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    await sendEndpoint.Send(new PingMessage(ids[i], $"message {i}")).WaitAsync(TimeSpan.FromSeconds(30));
                    break;
                }
                catch (Exception exception) when (exception is EventBrokerException or TimeoutException && DateTime.UtcNow < deadline)
                {
                    failedSends++;
                    await Task.Delay(250);
                }
            }
            await Task.Delay(50);
        }

        foreach (var id in ids)
        {
            await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == id, timeout: TimeSpan.FromSeconds(90));
        }
        Assert.True(failedSends > 0, "no send failed: the gateway was not down while sending");
    }
}
