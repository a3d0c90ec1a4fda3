using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests;

public record PingMessage(Guid Id, string Text);

public sealed class Received<T>
    where T : class
{
    public TaskCompletionSource<ConsumeContext<T>> Context { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every endpoint consuming T gets every published T: the tests wait for their own message only.</summary>
    public Guid Expected { get; set; }
}

public sealed class PingConsumer(Received<PingMessage> received) : IConsumer<PingMessage>
{
    public Task Consume(ConsumeContext<PingMessage> context)
    {
        if (context.Message.Id == received.Expected)
        {
            received.Context.TrySetResult(context);
        }
        return Task.CompletedTask;
    }
}

[Collection(GatewayCollection.Name)]
public sealed class TransportSpecs(GatewayFixture gateway)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    ServiceProvider Build(string endpoint, Received<PingMessage> received) => new ServiceCollection()
        .AddSingleton(received)
        .AddMassTransit(x =>
        {
            x.AddConsumer<PingConsumer>().Endpoint(e => e.Name = endpoint);
            x.UsingRocketMq((context, cfg) =>
            {
                cfg.Host(gateway.NameServer);
                cfg.ConfigureEndpoints(context);
            });
        })
        .BuildServiceProvider();

    [Fact]
    public async Task Should_publish_to_the_message_type_topic_and_consume()
    {
        var received = new Received<PingMessage>();
        await using var provider = Build(GatewayFixture.Unique("publish"), received);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        try
        {
            var id = Guid.NewGuid();
            received.Expected = id;
            var correlationId = Guid.NewGuid();
            await bus.Publish(new PingMessage(id, "hello"), c =>
            {
                c.CorrelationId = correlationId;
                c.Headers.Set("X-Custom", "value");
            });
            var context = await received.Context.Task.WaitAsync(Timeout);
            Assert.Equal(id, context.Message.Id);
            Assert.Equal("hello", context.Message.Text);
            Assert.Equal(correlationId, context.CorrelationId);
            Assert.Equal("value", context.Headers.Get<string>("X-Custom"));
            Assert.NotNull(context.MessageId);
            Assert.Equal(context.MessageId.ToString(), context.ReceiveContext.TransportHeaders.Get<string>("MessageId"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Should_send_to_the_endpoint_topic()
    {
        var endpoint = GatewayFixture.Unique("send");
        var received = new Received<PingMessage>();
        await using var provider = Build(endpoint, received);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        try
        {
            var sendEndpoint = await bus.GetSendEndpoint(new Uri($"queue:{endpoint}"));
            var id = Guid.NewGuid();
            received.Expected = id;
            await sendEndpoint.Send(new PingMessage(id, "direct"));
            var context = await received.Context.Task.WaitAsync(Timeout);
            Assert.Equal(id, context.Message.Id);
            Assert.Equal(endpoint, context.ReceiveContext.InputAddress.AbsolutePath.Trim('/'));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Should_start_stop_and_start_again()
    {
        var received = new Received<PingMessage>();
        await using var provider = Build(GatewayFixture.Unique("startstop"), received);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        await bus.StopAsync(new CancellationTokenSource(Timeout).Token);
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        try
        {
            var id = Guid.NewGuid();
            received.Expected = id;
            await bus.Publish(new PingMessage(id, "again"));
            var context = await received.Context.Task.WaitAsync(Timeout);
            Assert.Equal(id, context.Message.Id);
        }
        finally
        {
            await bus.StopAsync(new CancellationTokenSource(Timeout).Token);
        }
    }
}
