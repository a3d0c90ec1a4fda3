using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_moves_the_min_offset_and_consumers_behind_it_are_moved_forward()
    {
        await using var gateway = await TestGateway.StartAsync("--Broker:fileReservedTime=48");
        await using var client = await gateway.ConnectBrokerAsync();
        for (var i = 0; i < 3; i++)
        {
            using var s = await client.SendAsync("T_retention", 0, $"old{i}");
        }
        var job = gateway.GetService<RetentionJob>();
        Assert.Equal(TimeSpan.FromHours(48), job.MaxAge);

        await job.RunAsync(CancellationToken.None); // nothing is 48 h old
        using (var min = await client.InvokeAsync(Requests.Create(RequestCode.GetMinOffset, ("topic", "T_retention"), ("queueId", "0"))))
        {
            Assert.Equal("0", min.GetExt("offset"));
        }

        await Task.Delay(50);
        await job.RunAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None); // as if 48 h had passed
        using (var s = await client.SendAsync("T_retention", 0, "new"))
        {
            Assert.Equal(3, s.ExtLong("queueOffset")); // offsets are never reused
        }
        using (var min = await client.InvokeAsync(Requests.Create(RequestCode.GetMinOffset, ("topic", "T_retention"), ("queueId", "0"))))
        {
            Assert.Equal("3", min.GetExt("offset"));
        }
        using var behind = await client.PullAsync("g", "T_retention", 0, 0);
        Assert.Equal((int)ResponseCode.PullOffsetMoved, behind.Code);
        Assert.Equal(3, behind.ExtLong("nextBeginOffset"));
        using var fresh = await client.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "new-group"), ("topic", "T_retention"), ("queueId", "0")));
        Assert.Equal((int)ResponseCode.QueryNotFound, fresh.Code); // not a fresh queue any more: the client applies consumeFromWhere
    }
}
