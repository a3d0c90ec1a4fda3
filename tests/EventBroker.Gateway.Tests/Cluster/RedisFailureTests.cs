using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>A gateway on a real redis-server that is flushed, killed and restarted empty.</summary>
public sealed class RedisFailureTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _gateway = await TestGateway.StartAsync($"--Broker:Redis={_redis.Configuration},abortConnect=false,connectTimeout=500,syncTimeout=500");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"{what} did not happen within {timeout}");
            await Task.Delay(250);
        }
    }

    private async Task<RemotingCommand> RouteAsync(string topic)
    {
        await using var ns = await _gateway.ConnectNameServerAsync();
        return await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", topic)));
    }

    [Fact]
    public async Task An_emptied_redis_is_rebuilt_from_the_journal_with_topics_groups_kv_and_offsets()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using (var s = await client.SendAsync("T_journal", 0, "x"))
        {
            Assert.Equal(0, s.Code);
        }
        using (var c = await client.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "jg"), ("topic", "T_journal"), ("queueId", "0"), ("commitOffset", "1"))))
        {
            Assert.Equal(0, c.Code);
        }
        await using (var ns = await _gateway.ConnectNameServerAsync())
        {
            using var kv = await ns.InvokeAsync(Requests.Create(RequestCode.PutKvConfig, ("namespace", "ORDER_TOPIC_CONFIG"), ("key", "T_journal"), ("value", "broker-a:8")));
            Assert.Equal(0, kv.Code);
        }
        await Task.Delay(TimeSpan.FromSeconds(6)); // one offset checkpoint interval (5 s)

        Assert.Equal("+OK", await _redis.CommandAsync("FLUSHALL"));
        using (var gone = await RouteAsync("T_journal"))
        {
            Assert.Equal((int)ResponseCode.TopicNotExist, gone.Code);
        }

        await WaitUntilAsync(async () => { using var r = await RouteAsync("T_journal"); return r.Code == 0; }, TimeSpan.FromSeconds(20), "the rebuild");
        using (var route = await RouteAsync("T_journal"))
        {
            Assert.Contains("broker-a:8", Encoding.UTF8.GetString(route.Body.Span)); // orderTopicConf from the kv config
        }
        using var offset = await client.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "jg"), ("topic", "T_journal"), ("queueId", "0")));
        Assert.Equal("1", offset.GetExt("offset"));
    }

    [Fact]
    public async Task While_redis_is_down_name_server_requests_answer_14_and_known_routes_keep_working_then_all_recovers()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using (var s = await client.SendAsync("T_outage", 0, "before"))
        {
            Assert.Equal(0, s.Code);
        }

        _redis.Kill();
        using (var route = await RouteAsync("T_outage").WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal((int)ResponseCode.ServiceNotAvailable, route.Code);
            Assert.Contains("Redis", route.Remark, StringComparison.OrdinalIgnoreCase);
        }
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // past the gateway's topic cache: it must serve from what it last saw
        var watch = Stopwatch.StartNew();
        using (var s = await client.SendAsync("T_outage", 0, "during"))
        {
            Assert.True(s.Code == 0, s.Remark);
        }
        using (var pull = await client.PullAsync("og", "T_outage", 0, 0))
        {
            Assert.True(pull.Code == 0, pull.Remark);
            Assert.Equal(["before", "during"], pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"send and pull during the outage took {watch.Elapsed}");

        await _redis.RestartAsync(); // empty: no persistence
        await WaitUntilAsync(async () => { using var r = await RouteAsync("T_outage"); return r.Code == 0; }, TimeSpan.FromSeconds(25), "recovery after Redis returned");
    }
}
