using System.Diagnostics;
using EventBroker.Gateway.Tests.Support;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Graceful_stop_closes_idle_and_long_polling_connections_at_once()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var idle = await gateway.ConnectNameServerAsync();
        await using var consumer = await gateway.ConnectBrokerAsync();
        using (var s = await consumer.SendAsync("T_shutdown", 0, "x"))
        {
            Assert.Equal(0, s.Code);
        }
        var parked = consumer.PullAsync("g", "T_shutdown", 0, 1, suspendMillis: 15000);
        await Task.Delay(200);

        var watch = Stopwatch.StartNew();
        await gateway.StopAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stop took {watch.Elapsed}");
        await idle.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        await consumer.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(() => parked);
    }
}
