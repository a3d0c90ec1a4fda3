using System.Globalization;
using System.Text;
using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

/// <summary>SQL92 selectors, request-reply, transactions and timer messages against the shared gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BrokerFeatureTests(GatewayFixture gateway)
{
    [Fact]
    public async Task An_sql92_subscription_receives_only_matching_messages()
    {
        var topic = GatewayFixture.Unique("Sql");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        for (var a = 1; a <= 10; a++)
        {
            var properties = new Dictionary<string, string> { ["a"] = a.ToString(CultureInfo.InvariantCulture), ["region"] = a % 2 == 0 ? "eu" : "us" };
            await producer.SendAsync(new Message(topic, $"a{a}") { Properties = properties, Tag = "T" });
        }

        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic, MessageSelector.Sql92("a > 5 AND region = 'eu'"))), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(3);
        await Task.Delay(500);

        Assert.Equal(["a10", "a6", "a8"], collector.Bodies.Order());
    }

    [Fact]
    public async Task A_request_gets_the_reply_its_responder_sends()
    {
        var topic = GatewayFixture.Unique("Rpc");
        await using var requesterClient = gateway.NewClient();
        await using var responderClient = gateway.NewClient();
        await requesterClient.Admin.CreateTopicAsync(topic, queueCount: 1);
        var responder = responderClient.CreateProducer(new ProducerOptions(GatewayFixture.Unique("responder")));
        await using var service = responderClient.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), async (request, ct) =>
        {
            var reply = request.CreateReply(Encoding.UTF8.GetBytes("re: " + Encoding.UTF8.GetString(request.Body.Span)));
            await responder.SendAsync(reply, ct);
            return ConsumeResult.Success;
        });
        await service.StartAsync();

        var requester = requesterClient.CreateProducer(new ProducerOptions(GatewayFixture.Unique("requester")));
        var answer = await requester.RequestAsync(new Message(topic, "ping"), TimeSpan.FromSeconds(10));

        Assert.Equal("re: ping", Encoding.UTF8.GetString(answer.Body.Span));
        Assert.Equal("reply", answer.GetProperty("MSG_TYPE"));
    }

    [Fact]
    public async Task Committed_transactions_are_delivered_rolled_back_ones_not_and_unknown_ones_are_settled_by_check_back()
    {
        var topic = GatewayFixture.Unique("Tx");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var checks = 0;
        var producer = client.CreateTransactionProducer(new ProducerOptions(GatewayFixture.Unique("tx")), (half, _) =>
        {
            Interlocked.Increment(ref checks);
            return ValueTask.FromResult(Encoding.UTF8.GetString(half.Body.Span) == "unknown" ? TransactionState.Commit : TransactionState.Rollback);
        });

        var committed = await producer.SendInTransactionAsync(new Message(topic, "commit"), (_, _, _) => ValueTask.FromResult(TransactionState.Commit));
        var rolledBack = await producer.SendInTransactionAsync(new Message(topic, "rollback"), (_, _, _) => ValueTask.FromResult(TransactionState.Rollback));
        var unknown = await producer.SendInTransactionAsync(new Message(topic, "unknown"), (_, _, _) => throw new InvalidOperationException("local failure"));

        Assert.Equal(TransactionState.Commit, committed.State);
        Assert.Equal(TransactionState.Rollback, rolledBack.State);
        Assert.Equal(TransactionState.Unknown, unknown.State);
        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(2, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        Assert.Equal(["commit", "unknown"], collector.Bodies.Order());
        Assert.True(checks >= 1);
    }

    [Fact]
    public async Task A_message_with_a_delivery_time_arrives_then()
    {
        var topic = GatewayFixture.Unique("Timer");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();

        var deliverAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p"))).SendAsync(new Message(topic, "timed") { DeliverAt = deliverAt });
        await collector.CountAsync(1);

        Assert.True(DateTimeOffset.UtcNow >= deliverAt.AddMilliseconds(-200));
    }

    [Fact]
    public async Task A_cancelled_scheduled_message_never_arrives_and_an_uncancelled_one_does()
    {
        var topic = GatewayFixture.Unique("TimerCancel");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var deliverAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var cancelled = await producer.SendAsync(new Message(topic, "cancelled") { DeliverAt = deliverAt });
        await producer.SendAsync(new Message(topic, "kept") { DeliverAt = deliverAt });

        await producer.CancelScheduledAsync(cancelled.Queue, cancelled.MessageId, deliverAt);

        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(1, TimeSpan.FromSeconds(15));
        await Task.Delay(1500); // the cancelled one was due with it
        Assert.Equal(["kept"], collector.Bodies);

        // Too late once due: the broker says so.
        var error = await Assert.ThrowsAsync<BrokerResponseException>(async () => await producer.CancelScheduledAsync(cancelled.Queue, cancelled.MessageId, deliverAt));
        Assert.Contains("too late to cancel", error.Message);
    }
}
