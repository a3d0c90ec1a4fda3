using System.Globalization;
using System.Net;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Tests.EndToEnd;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;
using EventBroker.Routing;
using EventBroker.Storage;

namespace EventBroker.Gateway.Tests.Schedule;

/// <summary>
/// A timer message whose slot the wheel has closed (the wheel's clock is ahead of the sending gateway's, or the close
/// raced the append) is still delivered, once: the send path checks the wheel's fence before and after appending.
/// </summary>
public sealed class TimerStragglerTests
{
    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Sends_into_closed_slots_are_delivered_at_once_and_once()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectBrokerAsync();
        await TimerMessageTests.WaitForLeaseAsync(gateway);
        var topology = gateway.GetService<BrokerTopology>();
        var fence = gateway.GetService<TimerSlotFence>();
        var store = gateway.GetService<IStreamStore>();
        var broker = topology.Brokers[0];
        const string topic = "T_timer_straggler";

        // A: the wheel (its clock 30 s ahead of ours) has closed the slot A falls in before A is sent. No timer send
        // has run here yet, so the send reads the fence fresh and stores A in its topic at once.
        var dueA = NowMs() + 20_000;
        await fence.RaiseAsync(broker, TimerSlots.SlotOf(dueA) + 1, CancellationToken.None);
        using (var sent = await client.SendAsync(topic, 0, "A", extra: [new(MessageConst.TimerDeliverMs, dueA.ToString(CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(0, sent.Code);
        }

        // B: the wheel closes B's slot between the send's (cached) fence check and its append; the fresh check after
        // the append sees it, and the send delivers B itself.
        var dueB = NowMs() + 180_000;
        var slotB = TimerSlots.SlotOf(dueB);
        await fence.RaiseAsync(broker, slotB + 1, CancellationToken.None);
        using (var sent = await client.SendAsync(topic, 0, "B", extra: [new(MessageConst.TimerDeliverMs, dueB.ToString(CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(0, sent.Code);
        }

        var delivered = await TimerMessageTests.WaitForMessagesAsync(client, topic, 0, 2, TimeSpan.FromSeconds(10));
        Assert.True(NowMs() < dueA, "A was not delivered at once");
        Assert.Equal(["A", "B"], delivered.Select(m => Encoding.UTF8.GetString(m.Body)).Order());
        Assert.Equal(0, (await store.GetBoundsAsync(TimerSlots.StreamName(topology.ClusterName, broker.Name, TimerSlots.SlotOf(dueA)))).Count);
        var slotStreamB = TimerSlots.StreamName(topology.ClusterName, broker.Name, slotB);
        Assert.Equal(1, (await store.GetBoundsAsync(slotStreamB)).Count); // B did go through the wheel's slot

        // The wheel reading B's entry after all (it had, or a new holder re-reads the slot) delivers nothing new.
        var timerDelivery = gateway.GetService<TimerDelivery>();
        var duplicates = timerDelivery.DuplicatesSuppressed;
        await timerDelivery.DeliverAsync(broker, slotStreamB, 0, NowMs(), CancellationToken.None);
        Assert.Equal(duplicates + 1, timerDelivery.DuplicatesSuppressed);
        using var pull = await client.PullAsync("probe", topic, 0, 0, suspendMillis: 0);
        Assert.Equal(2, pull.Messages().Count);
    }

    [Fact]
    public async Task The_wheel_raises_the_fence_before_its_final_read_and_sweeps_appends_that_came_after_the_delete()
    {
        await using var gateway = await TestGateway.StartAsync();
        var store = gateway.GetService<IStreamStore>();
        var routing = gateway.GetService<IRoutingStore>();
        var topology = gateway.GetService<BrokerTopology>();
        var fence = gateway.GetService<TimerSlotFence>();
        // A logical broker of its own, so the gateway's running wheels never touch these slots.
        var broker = new LogicalBroker(98, "broker-straggler", 0, new IPEndPoint(IPAddress.Loopback, 1));
        var start = NowMs();
        var slot = TimerSlots.SlotOf(start);
        var stream = TimerSlots.StreamName(topology.ClusterName, broker.Name, slot);
        await routing.CommitOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, 0, slot);

        var wheel = new TimerWheel(store, routing, broker, topology, gateway.GetService<TimerDelivery>(), fence);
        await wheel.LoadAsync(start, CancellationToken.None);
        Assert.Equal(slot, await fence.OpenFromAsync(broker, TimeSpan.Zero, CancellationToken.None));
        await AppendAsync(store, topology, broker, stream, "in time", TimerSlots.StartOf(slot) + 1);

        // The wheel's clock passes the slot's end + grace: it closes the slot, delivers, deletes it.
        var clock = TimerSlots.StartOf(slot + 1) + (long)TimerWheel.Grace.TotalMilliseconds + 1;
        await wheel.PassAsync(() => clock, CancellationToken.None);
        Assert.Equal(slot + 1, wheel.Progress);
        Assert.Equal(slot + 1, await fence.OpenFromAsync(broker, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(0, (await store.GetBoundsAsync(stream)).Count);

        // A send that checked the fence before the close appends after the delete (and, seeing the raised fence
        // afterwards, delivers itself): the stream comes back, and the wheel removes it once SweepAfter has passed.
        await AppendAsync(store, topology, broker, stream, "late", TimerSlots.StartOf(slot) + 2);
        clock += 1000;
        await wheel.PassAsync(() => clock, CancellationToken.None);
        Assert.Equal(1, (await store.GetBoundsAsync(stream)).Count);
        clock += (long)TimerWheel.SweepAfter.TotalMilliseconds;
        await wheel.PassAsync(() => clock, CancellationToken.None);
        Assert.Equal(0, (await store.GetBoundsAsync(stream)).Count);

        var queues = gateway.GetService<QueueStore>();
        using var batch = await store.ReadForwardAsync(queues.StreamName(broker, "T_timer_straggler2", 0), 0, 10);
        Assert.Equal(["in time"], Enumerable.Range(0, batch.Count).Select(i => Encoding.UTF8.GetString(DecodedMessage.Decode(batch.GetData(i).Span).Body)));
    }

    private static async Task AppendAsync(IStreamStore store, BrokerTopology topology, LogicalBroker broker, string stream, string body, long due)
    {
        await store.AppendAsync(stream, new[] { TimerEntries.Build(topology, broker, "T_timer_straggler2", 0, body, due) });
    }
}
