using System.Diagnostics;
using System.Net;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;
using EventBroker.Routing;
using EventBroker.Storage;
using Xunit.Abstractions;

namespace EventBroker.Gateway.Tests.Schedule;

/// <summary>A wheel whose progress is a day behind (a day of downtime) catches up in bounded time and in due order.</summary>
public sealed class TimerCatchUpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_day_of_missed_slots_is_walked_quickly_and_delivers_in_due_order()
    {
        await using var gateway = await TestGateway.StartAsync();
        var store = gateway.GetService<IStreamStore>();
        var routing = gateway.GetService<IRoutingStore>();
        var topology = gateway.GetService<BrokerTopology>();
        // A logical broker of its own, so the gateway's running wheels never touch these slots.
        var broker = new LogicalBroker(99, "broker-catchup", 0, new IPEndPoint(IPAddress.Loopback, 1));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var nowSlot = TimerSlots.SlotOf(now);
        await routing.CommitOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, 0, nowSlot - 1440);

        // Written while "down": one due 23 h ago, one 2 h ago (appended first), the rest of the day empty.
        foreach (var (body, ago) in new[] { ("second", TimeSpan.FromHours(2)), ("first", TimeSpan.FromHours(23)) })
        {
            var due = now - (long)ago.TotalMilliseconds;
            await store.AppendAsync(TimerSlots.StreamName(topology.ClusterName, broker.Name, TimerSlots.SlotOf(due)),
                new[] { TimerEntries.Build(topology, broker, "T_timer_catchup", 0, body, due) });
        }

        var wheel = new TimerWheel(store, routing, broker, topology, gateway.GetService<TimerDelivery>(), gateway.GetService<TimerSlotFence>());
        await wheel.LoadAsync(now, CancellationToken.None);
        Assert.Equal(nowSlot - 1440, wheel.Progress);
        var watch = Stopwatch.StartNew();
        var passes = 0;
        while (wheel.Progress < nowSlot - 1)
        {
            await wheel.PassAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
            passes++;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"still at slot {wheel.Progress} of {nowSlot} after {passes} passes");
        }
        output.WriteLine($"walked 1440 missed minutes in {watch.ElapsedMilliseconds} ms ({passes} passes)");

        var queues = gateway.GetService<QueueStore>();
        using var batch = await store.ReadForwardAsync(queues.StreamName(broker, "T_timer_catchup", 0), 0, 10);
        var delivered = Enumerable.Range(0, batch.Count).Select(i => DecodedMessage.Decode(batch.GetData(i).Span)).ToList();
        Assert.Equal(["first", "second"], delivered.Select(m => Encoding.UTF8.GetString(m.Body)));
        // Progress is saved, and finished slots are gone from the store.
        Assert.True(await routing.GetOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, 0) >= nowSlot - 1);
        Assert.Equal(0, (await store.GetBoundsAsync(TimerSlots.StreamName(topology.ClusterName, broker.Name, TimerSlots.SlotOf(now - 7_200_000)))).Count);
    }
}
