using EventBroker.Cli.Tests.Support;
using EventBroker.Client;

namespace EventBroker.Cli.Tests;

/// <summary>The operator's tasks of issue 7 from eventbroker-admin alone, against a real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScenarioTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Create_topic_send_watch_offsets_and_lag_drain_then_find_by_key()
    {
        var topic = GatewayFixture.Unique("Orders");
        var group = GatewayFixture.Unique("billing");
        var key = GatewayFixture.Unique("order");
        var n = gateway.NameServer;

        // See the cluster, create a topic.
        var cluster = (await AdminTool.RunAsync("clusterList", "-n", n, "--json")).Json();
        var clusterName = cluster.GetProperty("brokers")[0].GetProperty("clusterName").GetString()!;
        (await AdminTool.RunAsync("updateTopic", "-n", n, "-c", clusterName, "-t", topic, "-r", "2", "-w", "2")).Succeeded();

        // A consumer that consumes the first message, then waits for the test to let it go on.
        await using var client = gateway.Host.NewClient();
        var gate = new SemaphoreSlim(0);
        var consumed = 0;
        var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(group, new Subscription(topic, MessageSelector.All)) { ConsumeFromWhere = ConsumeFromWhere.FirstOffset },
            async (message, ct) =>
            {
                if (Interlocked.Increment(ref consumed) > 1)
                {
                    await gate.WaitAsync(ct);
                }
                return ConsumeResult.Success;
            });
        await consumer.StartAsync();

        (await AdminTool.RunAsync("sendMessage", "-n", n, "-t", topic, "-p", "first")).Succeeded();
        await Eventually.TrueAsync(async () => await DiffTotalAsync(group) == 0, "the first message is consumed and its offset committed");

        // Three more while the consumer is held: topicStatus's max offsets move, consumerProgress shows the lag.
        var before = await MaxOffsetSumAsync(topic);
        for (var i = 0; i < 3; i++)
        {
            (await AdminTool.RunAsync("sendMessage", "-n", n, "-t", topic, "-p", $"order {i}", "-k", key, "-c", "created")).Succeeded();
        }
        Assert.Equal(before + 3, await MaxOffsetSumAsync(topic));
        await Eventually.TrueAsync(async () => await DiffTotalAsync(group) == 3, "consumerProgress shows the 3 held messages as lag");

        // Let the consumer go: the lag drains.
        gate.Release(3);
        await Eventually.TrueAsync(async () => await DiffTotalAsync(group) == 0, "the lag drains once the consumer consumes");

        // Find the messages by key, as a table and as JSON.
        var table = (await AdminTool.RunAsync("queryMsgByKey", "-n", n, "-t", topic, "-k", key)).Succeeded().Output;
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#Message ID", lines[0]);
        Assert.Equal(4, lines.Length);
        var found = (await AdminTool.RunAsync("queryMsgByKey", "-n", n, "-t", topic, "-k", key, "--json")).Json().GetProperty("messages");
        Assert.Equal(3, found.GetArrayLength());
        Assert.All(found.EnumerateArray(), m => Assert.Equal("created", m.GetProperty("tags").GetString()));
        Assert.Contains(found.EnumerateArray(), m => m.GetProperty("body").GetString() == "order 2");
    }

    private async Task<long> DiffTotalAsync(string group)
    {
        var result = await AdminTool.RunAsync("consumerProgress", "-n", gateway.NameServer, "-g", group, "--json");
        return result.ExitCode == 0 ? result.Json().GetProperty("diffTotal").GetInt64() : -1;
    }

    private async Task<long> MaxOffsetSumAsync(string topic) =>
        (await AdminTool.RunAsync("topicStatus", "-n", gateway.NameServer, "-t", topic, "--json")).Json()
            .GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("maxOffset").GetInt64());
}
