using System.Collections.Concurrent;
using System.Text;
using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

/// <summary>Push consumption: order, delays, retries to the DLQ, broadcasting, rebalancing and resumed offsets.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsumerTests(GatewayFixture gateway)
{
    [Fact]
    public async Task An_orderly_consumer_sees_each_keys_messages_in_send_order()
    {
        var topic = GatewayFixture.Unique("Ordered");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 4);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        string[] keys = ["order-1", "order-2", "order-3"];
        for (var seq = 0; seq < 10; seq++)
        {
            foreach (var key in keys)
            {
                await producer.SendAsync(new Message(topic, $"{key}:{seq}"), MessageQueueSelectors.ByHash(key));
            }
        }

        var seen = new ConcurrentDictionary<string, List<int>>();
        var concurrentPerQueue = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        MessageHandler handler = async (message, ct) =>
        {
            if (concurrentPerQueue.AddOrUpdate(message.QueueId, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            await Task.Delay(2, ct);
            var parts = Encoding.UTF8.GetString(message.Body.Span).Split(':');
            var list = seen.GetOrAdd(parts[0], _ => []);
            lock (list)
            {
                list.Add(int.Parse(parts[1]));
            }
            concurrentPerQueue.AddOrUpdate(message.QueueId, 0, (_, n) => n - 1);
            return ConsumeResult.Success;
        };
        await using var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)) { ConsumeOrderly = true }, handler);
        await consumer.StartAsync();

        await Eventually.TrueAsync(() => keys.All(k => seen.TryGetValue(k, out var l) && l.Count == 10), TimeSpan.FromSeconds(15), "30 ordered messages");
        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, 10), seen[key]);
        }
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task A_delayed_message_arrives_after_its_level()
    {
        var topic = GatewayFixture.Unique("Delay");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();

        var sentAt = DateTimeOffset.UtcNow;
        await producer.SendAsync(new Message(topic, "later") { DelayLevel = 2 });
        await collector.CountAsync(1);

        var message = Assert.Single(collector.Messages);
        Assert.Equal(topic, message.Topic);
        Assert.True(DateTimeOffset.UtcNow - sentAt >= TimeSpan.FromSeconds(1.8), "level 2 is 2 s on this gateway");
    }

    [Fact]
    public async Task A_failing_message_is_redelivered_then_dead_lettered_after_max_reconsume_times()
    {
        var topic = GatewayFixture.Unique("Retry");
        var group = GatewayFixture.Unique("g");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var collector = new Collector(_ => ConsumeResult.Retry(delayLevel: 1));
        await using var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(group, new Subscription(topic)) { MaxReconsumeTimes = 2 }, collector.Handler);
        await consumer.StartAsync();

        var sent = await producer.SendAsync(new Message(topic, "poison") { Tag = "T1" });
        await collector.CountAsync(3);

        // Delivered once and redelivered twice, each time under its own topic and id.
        Assert.Equal([0, 1, 2], collector.Messages.Select(m => m.ReconsumeTimes));
        Assert.All(collector.Messages, m => Assert.Equal(topic, m.Topic));
        Assert.All(collector.Messages, m => Assert.Equal(sent.MessageId, m.MessageId));

        await using var dlq = client.CreatePullConsumer(new PullConsumerOptions(GatewayFixture.Unique("dlq-reader")));
        ReceivedMessage? dead = null;
        for (var attempt = 0; attempt < 100 && dead is null; attempt++)
        {
            try
            {
                var queue = (await dlq.GetQueuesAsync("%DLQ%" + group)).Single();
                dead = (await dlq.PullAsync(queue, 0)).Messages.FirstOrDefault();
            }
            catch (BrokerResponseException)
            {
                // The DLQ topic is created when the first message goes there.
            }
            if (dead is null)
            {
                await Task.Delay(100);
            }
        }
        Assert.NotNull(dead);
        Assert.Equal(sent.MessageId, dead.MessageId);
        Assert.Equal("poison", Encoding.UTF8.GetString(dead.Body.Span));
        await Task.Delay(1500);
        Assert.Equal(3, collector.Messages.Count);
    }

    [Fact]
    public async Task A_message_that_fails_once_is_redelivered_and_then_consumed()
    {
        var topic = GatewayFixture.Unique("Once");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var attempts = 0;
        var collector = new Collector(_ => Interlocked.Increment(ref attempts) == 1 ? ConsumeResult.Retry(1) : ConsumeResult.Success);
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();

        await producer.SendAsync(new Message(topic, "flaky"));
        await collector.CountAsync(2);
        await Task.Delay(2000);

        Assert.Equal(2, collector.Messages.Count);
        Assert.Equal(1, collector.Messages.Last().ReconsumeTimes);
    }

    [Fact]
    public async Task Broadcasting_members_each_receive_every_message()
    {
        var topic = GatewayFixture.Unique("Broadcast");
        var group = GatewayFixture.Unique("g");
        var offsets = Path.Combine(gateway.DataDirectory, group);
        await using var first = gateway.NewClient();
        await using var second = gateway.NewClient();
        await first.Admin.CreateTopicAsync(topic, queueCount: 2);
        var options = new PushConsumerOptions(group, new Subscription(topic)) { MessageModel = MessageModel.Broadcasting, OffsetStoreDirectory = offsets };
        var a = new Collector();
        var b = new Collector();
        var consumerA = first.CreatePushConsumer(options, a.Handler);
        var consumerB = second.CreatePushConsumer(options, b.Handler);
        await consumerA.StartAsync();
        await consumerB.StartAsync();

        var producer = first.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(new Message(topic, $"all{i}"));
        }
        await a.CountAsync(5);
        await b.CountAsync(5);

        Assert.Equal(a.Bodies.Order(), b.Bodies.Order());
        Assert.Equal(2, consumerA.AssignedQueues.Count);
        Assert.Equal(2, consumerB.AssignedQueues.Count);
        await consumerA.StopAsync();
        Assert.True(Directory.EnumerateFiles(offsets, "offsets.json", SearchOption.AllDirectories).Any(), "broadcast offsets are kept in a local file");
    }

    [Fact]
    public async Task Two_members_share_the_queues_and_rebalance_when_a_third_joins_and_leaves()
    {
        var topic = GatewayFixture.Unique("Rebalance");
        var group = GatewayFixture.Unique("g");
        await using var admin = gateway.NewClient();
        await admin.Admin.CreateTopicAsync(topic, queueCount: 6);
        await using var clientA = gateway.NewClient();
        await using var clientB = gateway.NewClient();
        var options = new PushConsumerOptions(group, new Subscription(topic));
        var a = clientA.CreatePushConsumer(options, new Collector().Handler);
        var b = clientB.CreatePushConsumer(options, new Collector().Handler);
        await a.StartAsync();
        await b.StartAsync();

        await Eventually.TrueAsync(() => Shares(topic, a, b) is [3, 3], TimeSpan.FromSeconds(10), "6 queues split 3/3");

        var clientC = gateway.NewClient();
        var c = clientC.CreatePushConsumer(options, new Collector().Handler);
        await c.StartAsync();
        await Eventually.TrueAsync(() => Shares(topic, a, b, c) is [2, 2, 2], TimeSpan.FromSeconds(10), "6 queues split 2/2/2 after the third joined");

        await clientC.DisposeAsync();
        await Eventually.TrueAsync(() => Shares(topic, a, b) is [3, 3], TimeSpan.FromSeconds(10), "back to 3/3 after the third left");
    }

    [Fact]
    public async Task A_restarted_member_resumes_from_the_committed_offsets()
    {
        var topic = GatewayFixture.Unique("Resume");
        var group = GatewayFixture.Unique("g");
        await using var producerClient = gateway.NewClient();
        await producerClient.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = producerClient.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(new Message(topic, $"before{i}"));
        }

        var first = new Collector();
        await using (var client = gateway.NewClient())
        {
            var consumer = client.CreatePushConsumer(new PushConsumerOptions(group, new Subscription(topic)), first.Handler);
            await consumer.StartAsync();
            await first.CountAsync(5);
        }
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(new Message(topic, $"after{i}"));
        }

        var second = new Collector();
        await using (var client = gateway.NewClient())
        {
            var consumer = client.CreatePushConsumer(new PushConsumerOptions(group, new Subscription(topic)), second.Handler);
            await consumer.StartAsync();
            await second.CountAsync(5);
            await Task.Delay(500);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"before{i}"), first.Bodies.Order());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"after{i}"), second.Bodies.Order());
    }

    private static int[] Shares(string topic, params IPushConsumer[] members)
    {
        var owned = members.Select(m => m.AssignedQueues.Where(q => q.Topic == topic).ToList()).ToList();
        var all = owned.SelectMany(q => q).ToList();
        return all.Count == 6 && all.Distinct().Count() == 6 ? owned.Select(q => q.Count).ToArray() : [];
    }
}
