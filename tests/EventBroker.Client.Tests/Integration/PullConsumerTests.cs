using System.Text;
using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

[Collection(GatewayCollection.Name)]
public sealed class PullConsumerTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Pulls_offsets_and_long_polling_work_on_a_chosen_queue()
    {
        var topic = GatewayFixture.Unique("Pull");
        var group = GatewayFixture.Unique("g");
        await using var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var consumer = client.CreatePullConsumer(new PullConsumerOptions(group));
        var queue = (await consumer.GetQueuesAsync(topic))[1];
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(new Message(topic, $"p{i}") { Tag = i % 2 == 0 ? "even" : "odd" }, queue);
        }

        var all = await consumer.PullAsync(queue, 0, maxMessages: 3);
        Assert.Equal(PullStatus.Found, all.Status);
        Assert.Equal(["p0", "p1", "p2"], all.Messages.Select(Body));
        Assert.Equal(3, all.NextBeginOffset);
        Assert.Equal(5, all.MaxOffset);
        Assert.Equal(5, await consumer.GetMaxOffsetAsync(queue));
        Assert.Equal(0, await consumer.GetMinOffsetAsync(queue));

        var even = await consumer.PullAsync(queue, 0, selector: MessageSelector.Tags("even"));
        Assert.Equal(["p0", "p2", "p4"], even.Messages.Select(Body));

        var nothing = await consumer.PullAsync(queue, 5);
        Assert.Equal(PullStatus.NoNewMessage, nothing.Status);
        Assert.Equal(PullStatus.OffsetIllegal, (await consumer.PullAsync(queue, 50)).Status);

        Assert.Equal(0, await consumer.GetCommittedOffsetAsync(queue));
        await consumer.CommitOffsetAsync(queue, 3);
        Assert.Equal(3, await consumer.GetCommittedOffsetAsync(queue));

        var waiting = consumer.PullWhenAvailableAsync(queue, 5).AsTask();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await producer.SendAsync(new Message(topic, "p5"), queue);
        var woken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["p5"], woken.Messages.Select(Body));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = new List<string>();
        await foreach (var message in consumer.ReadAsync(queue, 2, cancellationToken: timeout.Token))
        {
            read.Add(Body(message));
            if (read.Count == 4)
            {
                break;
            }
        }
        Assert.Equal(["p2", "p3", "p4", "p5"], read);
    }

    private static string Body(ReceivedMessage message) => Encoding.UTF8.GetString(message.Body.Span);
}
