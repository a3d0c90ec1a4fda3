using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class RestartTests
{
    [Fact]
    public async Task Messages_topics_and_offsets_survive_a_restart()
    {
        await using var gateway = await TestGateway.StartAsync();
        var topic = "T_restart";
        await using (var client = await gateway.ConnectBrokerAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                using var s = await client.SendAsync(topic, 0, $"m{i}", tags: "TagA", keys: $"key{i}");
                Assert.Equal(0, s.Code);
            }
            using var commit = await client.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "g"), ("topic", topic), ("queueId", "0"), ("commitOffset", "2")));
            Assert.Equal(0, commit.Code);
        }
        await gateway.StopAsync();
        await gateway.StartAsync();

        await using var after = await gateway.ConnectBrokerAsync();
        using var offset = await after.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "g"), ("topic", topic), ("queueId", "0")));
        Assert.Equal("2", offset.GetExt("offset"));
        using var pull = await after.PullAsync("g", topic, 0, 0);
        var messages = pull.Messages();
        Assert.Equal(["m0", "m1", "m2"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
        Assert.Equal("key1", messages[1].Keys);
        using var next = await after.SendAsync(topic, 0, "m3");
        Assert.Equal(3, next.ExtLong("queueOffset"));
        await using var ns = await gateway.ConnectNameServerAsync();
        using var route = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", topic)));
        Assert.Equal(0, route.Code);
    }
}
