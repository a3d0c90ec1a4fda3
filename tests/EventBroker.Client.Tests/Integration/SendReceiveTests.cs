using System.Text;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Tests.Integration;

[Collection(GatewayCollection.Name)]
public sealed class SendReceiveTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Tagged_messages_reach_only_the_matching_subscription_with_their_keys_and_properties()
    {
        var topic = GatewayFixture.Unique("Tags");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 4);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var sent = new Dictionary<string, SendResult>();
        for (var i = 0; i < 3; i++)
        {
            var message = new Message(topic, $"a{i}") { Tag = "TagA", Keys = [$"key{i}", "shared"], Properties = new Dictionary<string, string> { ["n"] = $"{i}" } };
            sent[$"a{i}"] = await producer.SendAsync(message);
        }
        for (var i = 0; i < 2; i++)
        {
            await producer.SendAsync(new Message(topic, $"b{i}") { Tag = "TagB" });
        }

        var collector = new Collector();
        var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic, MessageSelector.Tags("TagA || TagC"))), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(3);
        await Task.Delay(300);

        Assert.Equal(["a0", "a1", "a2"], collector.Bodies.Order());
        foreach (var message in collector.Messages)
        {
            var body = Encoding.UTF8.GetString(message.Body.Span);
            Assert.Equal(topic, message.Topic);
            Assert.Equal("TagA", message.Tag);
            Assert.Equal([$"key{body[1..]}", "shared"], message.Keys);
            Assert.Equal(body[1..], message.Properties["n"]);
            Assert.Equal(sent[body].MessageId, message.MessageId);
            Assert.Equal(sent[body].OffsetMessageId, message.OffsetMessageId);
            Assert.Equal(sent[body].Queue.QueueId, message.QueueId);
            Assert.Equal(sent[body].QueueOffset, message.QueueOffset);
            Assert.Equal(0, message.ReconsumeTimes);
        }
        Assert.Equal(5, consumer.AssignedQueues.Count); // 4 queues of the topic plus the group's retry queue
    }

    [Fact]
    public async Task A_large_body_is_stored_compressed_and_arrives_inflated_and_oneway_sends_arrive_too()
    {
        var topic = GatewayFixture.Unique("Large");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var large = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i};")));
        await producer.SendAsync(new Message(topic, large) { Tag = "big" });
        await producer.SendOnewayAsync(new Message(topic, "fire-and-forget"));

        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(2);

        var big = Assert.Single(collector.Messages, m => m.Tag == "big");
        Assert.Equal(large, big.Body.ToArray());
        Assert.True(MessageSysFlag.IsCompressed(big.SysFlag));
        Assert.Contains("fire-and-forget", collector.Bodies);
    }

    [Fact]
    public async Task A_batch_lands_in_one_queue_in_order()
    {
        var topic = GatewayFixture.Unique("Batch");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 4);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var batch = Enumerable.Range(0, 10).Select(i => new Message(topic, $"m{i}") { Keys = [$"k{i}"] }).ToList();

        var result = await producer.SendBatchAsync(batch);

        var ids = result.MessageId.Split(',');
        Assert.Equal(10, ids.Length);
        var collector = new Collector();
        await using var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(10);

        var ordered = collector.Messages.OrderBy(m => m.QueueOffset).ToList();
        Assert.All(ordered, m => Assert.Equal(result.Queue.QueueId, m.QueueId));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), ordered.Select(m => Encoding.UTF8.GetString(m.Body.Span)));
        Assert.Equal(ids, ordered.Select(m => m.MessageId));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => result.QueueOffset + i), ordered.Select(m => m.QueueOffset));
    }

    [Fact]
    public async Task Subscribe_yields_deliveries_that_are_acked_explicitly()
    {
        var topic = GatewayFixture.Unique("Stream");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(new Message(topic, $"s{i}"));
        }

        var bodies = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var delivery in client.SubscribeAsync(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), timeout.Token))
        {
            bodies.Add(Encoding.UTF8.GetString(delivery.Message.Body.Span));
            delivery.Ack();
            if (bodies.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(["s0", "s1", "s2", "s3", "s4"], bodies.Order());
    }

    [Fact]
    public async Task A_subscription_ends_when_its_client_is_disposed()
    {
        var topic = GatewayFixture.Unique("StreamEnd");
        var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        await client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p"))).SendAsync(new Message(topic, "only"));
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var delivery in client.SubscribeAsync(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic))))
            {
                delivery.Ack();
                count++;
                first.TrySetResult();
            }
            return count;
        });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.DisposeAsync();

        Assert.Equal(1, await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_send_to_an_unknown_topic_creates_it_through_tbw102()
    {
        var topic = GatewayFixture.Unique("Auto");
        await using var client = gateway.NewClient();
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")) { DefaultTopicQueueNums = 2 });

        var result = await producer.SendAsync(new Message(topic, "first"));

        Assert.Equal(SendStatus.SendOk, result.Status);
        await using var pull = client.CreatePullConsumer(new PullConsumerOptions(GatewayFixture.Unique("g")));
        IReadOnlyList<MessageQueue>? queues = null;
        for (var attempt = 0; attempt < 50 && queues is null; attempt++)
        {
            try
            {
                queues = await pull.GetQueuesAsync(topic);
            }
            catch (BrokerResponseException)
            {
                await Task.Delay(100);
            }
        }
        Assert.NotNull(queues);
        Assert.Equal(2, queues.Count);
        var first = await pull.PullAsync(result.Queue, result.QueueOffset);
        Assert.Equal("first", Encoding.UTF8.GetString(Assert.Single(first.Messages).Body.Span));
    }
}
