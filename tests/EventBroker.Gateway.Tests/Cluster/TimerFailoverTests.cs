using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;
using Xunit.Abstractions;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>Two gateways on a real redis-server sharing one SQLite file: the timer wheel moves with its lease.</summary>
public sealed class TimerFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private SharedGatewayPair _pair = null!;

    public async Task InitializeAsync() => _pair = await SharedGatewayPair.StartAsync("eb-timer-cluster-");

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    private async Task<(TestGateway Holder, TestGateway Other)> TimerLeaseHolderAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_pair.A.GetService<LeaseKeeper>().IsHeld(TimerService.LeaseName))
            {
                return (_pair.A, _pair.B);
            }
            if (_pair.B.GetService<LeaseKeeper>().IsHeld(TimerService.LeaseName))
            {
                return (_pair.B, _pair.A);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "no gateway took the timer lease");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_message_sent_to_the_non_holder_is_delivered_on_time_by_the_holder()
    {
        var (holder, other) = await TimerLeaseHolderAsync();
        await using var client = await other.ConnectBrokerAsync();
        using (var send = await client.SendAsync("T_timer_cluster", 0, "x", extra: [new(MessageConst.TimerDelayMs, "2000")]))
        {
            Assert.Equal(0, send.Code);
        }
        var message = Assert.Single(await EndToEnd.TimerMessageTests.WaitForMessagesAsync(client, "T_timer_cluster", 0, 1, TimeSpan.FromSeconds(15)));
        var due = long.Parse(message.GetProperty(MessageConst.TimerOutMs)!, System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"delivered by the lease holder {message.StoreTimestamp - due} ms after due (holder: {holder.ListenPort})");
        Assert.InRange(message.StoreTimestamp - due, -5, 1000);
    }

    [Fact]
    public async Task When_the_lease_holder_stops_the_other_gateway_delivers_exactly_once()
    {
        var (holder, other) = await TimerLeaseHolderAsync();
        await using (var producer = await holder.ConnectBrokerAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                using var send = await producer.SendAsync("T_timer_failover", 0, $"m{i}", extra: [new(MessageConst.TimerDelayMs, (3000 + i * 200).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                Assert.Equal(0, send.Code);
            }
        }
        var stopped = Stopwatch.StartNew();
        await holder.StopAsync();

        await using var consumer = await other.ConnectBrokerAsync();
        var messages = await EndToEnd.TimerMessageTests.WaitForMessagesAsync(consumer, "T_timer_failover", 0, 5, TimeSpan.FromSeconds(45));
        output.WriteLine($"all delivered {stopped.ElapsedMilliseconds} ms after the holder stopped");
        Assert.True(other.GetService<LeaseKeeper>().IsHeld(TimerService.LeaseName));
        await Task.Delay(1500);
        using var all = await consumer.PullAsync("probe", "T_timer_failover", 0, 0);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], all.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
    }
}
