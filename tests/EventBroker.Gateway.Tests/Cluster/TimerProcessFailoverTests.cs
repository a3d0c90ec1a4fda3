using System.Diagnostics;
using System.Globalization;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;
using Xunit.Abstractions;
using static EventBroker.Gateway.Tests.Cluster.LeaseHolderCluster;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>
/// The timer wheel survives a SIGKILL of its lease holder: two gateway processes on one real redis-server and one
/// shared SQLite file (<see cref="LeaseHolderCluster"/>), A started first so it holds the
/// <c>timer</c> lease, clients only on B. Leases live 3 s here, renewed every second.
/// </summary>
public sealed class TimerProcessFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    private LeaseHolderCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LeaseHolderCluster.StartAsync(
            "eb-timer-kill-",
            ["timer"],
            $"--Broker:SingletonLeaseTtl={LeaseTtl.TotalMilliseconds}",
            "--Broker:SingletonLeaseRenewInterval=1000");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Timer_messages_pending_when_the_timer_holder_is_killed_are_delivered_by_the_survivor_once_and_in_due_order()
    {
        const string topic = "T_failover_timer";
        await using var producer = await _cluster.B.ConnectBrokerAsync();
        await using var consumer = await _cluster.B.ConnectBrokerAsync();

        // A walks the wheel: a message sent through B and due in 300 ms is delivered while A is alive.
        using (var first = await producer.SendAsync(topic, 0, "before-kill", extra: [new(MessageConst.TimerDelayMs, "300")]))
        {
            Assert.Equal(0, first.Code);
        }
        Assert.Equal("before-kill", Body((await PullUntilAsync(consumer, topic, 1, TimeSpan.FromSeconds(20)))[0]));
        Assert.Equal(GatewayId(_cluster.A), await _cluster.HolderAsync("timer"));

        // Due 6 s down to 4 s after their sends, the last sent due first: sent in well under 4 s, so none is due at
        // the kill (checked below), and due order differs from send order.
        var sends = Enumerable.Range(0, 20).Select(i => (Body: $"pending-{i:00}", DelayMs: 6000 - (i * 100))).ToList();
        foreach (var (body, delayMs) in sends)
        {
            using var sent = await producer.SendAsync(topic, 0, body, extra: [new(MessageConst.TimerDelayMs, delayMs.ToString(CultureInfo.InvariantCulture))]);
            Assert.Equal(0, sent.Code);
        }
        await _cluster.A.KillAsync();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();

        await _cluster.WaitForHolderAsync("timer", _cluster.B, TimeSpan.FromSeconds(15));
        var leaseMoved = clock.Elapsed;
        var all = await PullUntilAsync(consumer, topic, 1 + sends.Count, TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;
        // Anything more would be a second delivery: give a duplicate time to show up.
        await Task.Delay(2000);
        all = await PullUntilAsync(consumer, topic, 1 + sends.Count, TimeSpan.FromSeconds(5));

        Assert.Equal(1 + sends.Count, all.Count);
        var delivered = all.Skip(1).ToList();
        Assert.Equal(sends.Select(s => s.Body).Order(), delivered.Select(Body).Order());
        var dues = delivered.Select(m => long.Parse(m.GetProperty(MessageConst.TimerOutMs)!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dues.Order(), dues); // in due order on the queue
        foreach (var (message, due) in delivered.Zip(dues))
        {
            Assert.True(due > killedAt, $"{Body(message)} was already due before the kill: the sends took too long for this test");
            Assert.True(message.StoreTimestamp >= due, $"{Body(message)} delivered at {message.StoreTimestamp}, before its due time {due}");
            Assert.NotNull(message.GetProperty(MessageConst.TimerDelayMs)); // kept, as RocketMQ 5 delivers it
            Assert.Null(message.GetProperty(MessageConst.RealTopic));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer lease moved to the survivor {leaseMoved.TotalSeconds:0.0} s after the SIGKILL (TTL {LeaseTtl.TotalSeconds:0} s, renew 1 s); "
            + $"all {sends.Count} pending timer messages delivered by it {elapsed.TotalSeconds:0.0} s after the kill; "
            + $"at most {delivered.Zip(dues).Max(p => p.First.StoreTimestamp - p.Second)} ms after due"));
    }
}
