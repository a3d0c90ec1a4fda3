using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>
/// Each logical broker keeps its own consumer offsets, as each Java broker does: queue 0 of a topic on broker-a and
/// queue 0 on broker-b are different queues, and a group's position in one must not move the other.
/// </summary>
public sealed class PerBrokerOffsetTests
{
    private const string Topic = "T_per_broker_offsets";
    private const string Group = "g_per_broker";

    [Fact]
    public async Task Queue_0_of_each_logical_broker_has_its_own_offset_through_commits_pulls_admin_views_and_a_restart()
    {
        await using var gateway = await TestGateway.StartAsync("--Broker:BrokerNames=broker-a,broker-b");
        await using (var a = await gateway.ConnectBrokerAsync(0))
        await using (var b = await gateway.ConnectBrokerAsync(1))
        {
            for (var i = 0; i < 6; i++)
            {
                using var sa = await a.SendAsync(Topic, 0, $"a{i}");
                Assert.Equal(0, sa.Code);
                using var sb = await b.SendAsync(Topic, 0, $"b{i}");
                Assert.Equal(0, sb.Code);
            }

            // broker-a q0 consumed up to 2 (UPDATE_CONSUMER_OFFSET), broker-b q0 up to 5 (the commit flag of a pull).
            using (var commit = await a.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset,
                       ("consumerGroup", Group), ("topic", Topic), ("queueId", "0"), ("commitOffset", "2"))))
            {
                Assert.Equal(0, commit.Code);
            }
            using (var pull = await b.PullAsync(Group, Topic, 0, 5, commitOffset: 5))
            {
                Assert.Equal(0, pull.Code);
            }

            Assert.Equal(2, await QueryOffsetAsync(a));
            Assert.Equal(5, await QueryOffsetAsync(b));

            // GET_CONSUME_STATS (208) on each port reports that broker's queue with that broker's position.
            Assert.Equal(2, await ConsumerOffsetInStatsAsync(a, "broker-a"));
            Assert.Equal(5, await ConsumerOffsetInStatsAsync(b, "broker-b"));
        }

        await gateway.StopAsync();
        await gateway.StartAsync();

        await using var a2 = await gateway.ConnectBrokerAsync(0);
        await using var b2 = await gateway.ConnectBrokerAsync(1);
        Assert.Equal(2, await QueryOffsetAsync(a2));
        Assert.Equal(5, await QueryOffsetAsync(b2));
    }

    [Fact]
    public async Task With_redis_each_brokers_offsets_are_kept_apart_and_rebuilt_apart_after_a_flush()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await TestGateway.StartAsync("--Broker:BrokerNames=broker-a,broker-b",
            $"--Broker:Redis={redis.Configuration},abortConnect=false,connectTimeout=500,syncTimeout=500");
        await using var a = await gateway.ConnectBrokerAsync(0);
        await using var b = await gateway.ConnectBrokerAsync(1);
        for (var i = 0; i < 6; i++)
        {
            using var sa = await a.SendAsync(Topic, 0, $"a{i}");
            using var sb = await b.SendAsync(Topic, 0, $"b{i}");
            Assert.Equal((0, 0), (sa.Code, sb.Code));
        }
        using (var ca = await a.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", Group), ("topic", Topic), ("queueId", "0"), ("commitOffset", "2"))))
        using (var cb = await b.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", Group), ("topic", Topic), ("queueId", "0"), ("commitOffset", "5"))))
        {
            Assert.Equal((0, 0), (ca.Code, cb.Code));
        }
        Assert.Equal(2, await QueryOffsetAsync(a));
        Assert.Equal(5, await QueryOffsetAsync(b));

        await Task.Delay(TimeSpan.FromSeconds(6)); // one offset checkpoint into the journal (every 5 s)
        Assert.Equal("+OK", await redis.CommandAsync("FLUSHALL"));

        // The rebuild restores both offsets, each on its own broker (the topic route coming back marks the rebuild).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var ns = await gateway.ConnectNameServerAsync();
            using var route = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", Topic)));
            if (route.Code == 0)
            {
                break;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "Redis was not rebuilt from the journal within 30 s");
            await Task.Delay(250);
        }
        Assert.Equal(2, await QueryOffsetAsync(a));
        Assert.Equal(5, await QueryOffsetAsync(b));
    }

    [Fact]
    public async Task An_upgraded_data_directory_reads_offsets_without_a_broker_as_the_first_brokers_and_jobs_find_their_progress()
    {
        // consumerOffset.json as the version before per-broker offsets wrote it, for a two-broker gateway.
        var dir = Path.Combine(Path.GetTempPath(), "eb-gw-legacy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "consumerOffset.json"),
            "{\"offsetTable\":{\"" + Topic + "@" + Group + "\":{\"0\":4},\"SOME_PROGRESS@%JOB%broker-b\":{\"0\":7}}}");
        try
        {
            await using var gateway = await TestGateway.StartInAsync(dir, "--Broker:BrokerNames=broker-a,broker-b");
            await using var a = await gateway.ConnectBrokerAsync(0);
            await using var b = await gateway.ConnectBrokerAsync(1);

            Assert.Equal(4, await QueryOffsetAsync(a));
            Assert.Equal(0, await QueryOffsetAsync(b)); // nothing committed on broker-b: a fresh queue starts at 0

            // A per-broker job's progress (its group names its broker) is found on its own broker after the upgrade.
            var routing = gateway.GetService<EventBroker.Routing.IRoutingStore>();
            var topology = gateway.GetService<EventBroker.Gateway.Configuration.BrokerTopology>();
            Assert.Equal(7, await EventBroker.Gateway.Broker.BrokerProgress.ReadAsync(routing, topology, topology.Brokers[1], "%JOB%broker-b", "SOME_PROGRESS", 0, default));
            await routing.CommitOffsetAsync("broker-b", "%JOB%broker-b", "SOME_PROGRESS", 0, 8);
            Assert.Equal(8, await EventBroker.Gateway.Broker.BrokerProgress.ReadAsync(routing, topology, topology.Brokers[1], "%JOB%broker-b", "SOME_PROGRESS", 0, default));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<long> QueryOffsetAsync(RemotingTestClient broker)
    {
        using var response = await broker.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset,
            ("consumerGroup", Group), ("topic", Topic), ("queueId", "0")));
        Assert.Equal(0, response.Code);
        return response.ExtLong("offset");
    }

    private static async Task<long> ConsumerOffsetInStatsAsync(RemotingTestClient broker, string brokerName)
    {
        using var response = await broker.InvokeAsync(Requests.Create(RequestCode.GetConsumeStats, ("consumerGroup", Group), ("topic", Topic)));
        Assert.Equal(0, response.Code);
        var stats = ConsumeStats.FromJson(response.Body.Span);
        return stats.OffsetTable[new MessageQueue(Topic, brokerName, 0)].ConsumerOffset;
    }
}
