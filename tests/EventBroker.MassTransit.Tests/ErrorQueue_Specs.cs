using System.Text;
using EventBroker.Client;
using EventBroker.MassTransit.Tests.Support;
using MassTransit;

namespace EventBroker.MassTransit.Tests;

/// <summary>Faulted, undeserializable and unhandled messages leave the endpoint for the error and skipped topics (MassTransit's ErrorQueue, DeserializationError and DeadLetter specs).</summary>
[Collection(GatewayCollection.Name)]
public sealed class ErrorQueue_Specs(GatewayFixture gateway)
{
    [Fact]
    public async Task Should_move_a_faulted_message_to_the_error_topic_with_the_fault_headers_and_publish_the_fault()
    {
        var endpoint = GatewayFixture.Unique("error");
        await using var reader = await TopicReader.StartAsync(gateway.Host, endpoint + "_error");
        await using var bus = await TestBus.StartAsync(gateway.Host, x =>
        {
            x.AddConsumer<FailingConsumer>().Endpoint(e => e.Name = endpoint);
            x.AddConsumer<FaultRecorder>().Endpoint(e => e.Name = endpoint + "_faults");
        });
        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new FailMessage(id), c => c.Headers.Set("X-Tenant", "acme"));

        var consumed = (await bus.Inbox.WaitFor<FailMessage>(nameof(FailingConsumer), m => m.Id == id))[0];
        var messageId = consumed.Context.MessageId!.Value.ToString();
        var moved = await reader.WaitFor(m => m.GetProperty("MessageId") == messageId);
        Assert.Equal("fault", moved.GetProperty("MT-Reason"));
        Assert.Equal("System.InvalidOperationException", moved.GetProperty("MT-Fault-ExceptionType"));
        Assert.Equal("boom", moved.GetProperty("MT-Fault-Message"));
        Assert.Contains(nameof(FailingConsumer), moved.GetProperty("MT-Fault-StackTrace"));
        Assert.Contains(nameof(FailingConsumer), moved.GetProperty("MT-Fault-ConsumerType"));
        Assert.Contains(nameof(FailMessage), moved.GetProperty("MT-Fault-MessageType"));
        Assert.EndsWith("/" + endpoint, moved.GetProperty("MT-Fault-InputAddress"));
        Assert.True(DateTimeOffset.TryParse(moved.GetProperty("MT-Fault-Timestamp"), out _));
        Assert.Equal(Environment.MachineName, moved.GetProperty("MT-Host-MachineName"));
        Assert.Equal("acme", moved.GetProperty("X-Tenant"));
        Assert.Contains(messageId, moved.Keys);
        Assert.Contains(id.ToString(), Encoding.UTF8.GetString(moved.Body.Span));

        var fault = (await bus.Inbox.WaitFor<Fault<FailMessage>>(nameof(FaultRecorder), f => f.Message.Id == id))[0];
        var faultMessage = (Fault<FailMessage>)fault.Message;
        Assert.Equal("boom", faultMessage.Exceptions.Single().Message);
        Assert.Equal(consumed.Context.MessageId, faultMessage.FaultedMessageId);
    }

    [Fact]
    public async Task Should_move_a_faulted_message_to_the_group_dead_letter_topic_when_configured()
    {
        var endpoint = GatewayFixture.Unique("dlq");
        await using var reader = await TopicReader.StartAsync(gateway.Host, "%DLQ%" + endpoint);
        await using var bus = await TestBus.StartAsync(gateway.Host,
            x => x.AddConsumer<FailingConsumer>().Endpoint(e => e.Name = endpoint),
            (_, cfg) => cfg.ErrorDestination = RocketMqErrorDestination.DeadLetterTopic);
        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new FailMessage(id));

        var consumed = (await bus.Inbox.WaitFor<FailMessage>(nameof(FailingConsumer), m => m.Id == id))[0];
        var moved = await reader.WaitFor(m => m.GetProperty("MessageId") == consumed.Context.MessageId.ToString());
        Assert.Equal("fault", moved.GetProperty("MT-Reason"));
        Assert.Equal("boom", moved.GetProperty("MT-Fault-Message"));
    }

    [Fact]
    public async Task Should_move_an_unhandled_message_type_to_the_skipped_topic()
    {
        var endpoint = GatewayFixture.Unique("skip");
        await using var reader = await TopicReader.StartAsync(gateway.Host, endpoint + "_skipped");
        await using var bus = await TestBus.StartAsync(gateway.Host, x => x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint));
        var sendEndpoint = await bus.Endpoint(endpoint);
        var id = Guid.NewGuid();
        await sendEndpoint.Send(new UnhandledMessage(id));

        var moved = await reader.WaitFor(m => Encoding.UTF8.GetString(m.Body.Span).Contains(id.ToString()));
        Assert.Equal("dead-letter", moved.GetProperty("MT-Reason"));
        Assert.NotNull(moved.GetProperty("MessageId"));

        // The endpoint goes on consuming what it handles.
        await sendEndpoint.Send(new PingMessage(id, "after"));
        await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == id);
    }

    [Fact]
    public async Task Should_move_an_undeserializable_body_to_the_error_topic_and_keep_consuming()
    {
        var endpoint = GatewayFixture.Unique("garbage");
        await using var reader = await TopicReader.StartAsync(gateway.Host, endpoint + "_error");
        await using var bus = await TestBus.StartAsync(gateway.Host, x =>
        {
            x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint);
            x.AddConsumer<Recorder<ReceiveFault>>().Endpoint(e => e.Name = endpoint + "_faults");
        });
        await using (var client = gateway.Host.NewClient())
        {
            var producer = client.CreateProducer();
            var garbageId = Guid.NewGuid().ToString();
            await producer.SendAsync(new Message(endpoint, "{ this is not json")
            {
                Properties = new Dictionary<string, string>
                {
                    ["Content-Type"] = "application/vnd.masstransit+json",
                    ["MessageId"] = garbageId,
                },
            });
            var moved = await reader.WaitFor(m => m.GetProperty("MessageId") == garbageId);
            Assert.Equal("fault", moved.GetProperty("MT-Reason"));
            Assert.Contains("Json", moved.GetProperty("MT-Fault-ExceptionType"));
            Assert.Equal("{ this is not json", Encoding.UTF8.GetString(moved.Body.Span));
            await bus.Inbox.WaitFor<ReceiveFault>(Recorder<ReceiveFault>.Name, f => f.FaultedMessageId == Guid.Parse(garbageId));
        }

        var id = Guid.NewGuid();
        await (await bus.Endpoint(endpoint)).Send(new PingMessage(id, "after the garbage"));
        await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == id);
    }
}
