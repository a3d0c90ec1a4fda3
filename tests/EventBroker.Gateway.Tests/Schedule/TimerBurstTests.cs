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

/// <summary>5,000 timer messages due at the same millisecond: delivered in bounded time, each once, in order per queue.</summary>
public sealed class TimerBurstTests(ITestOutputHelper output)
{
    private const int Messages = 5_000;
    private const int Queues = 4;
    private const string Topic = "T_timer_burst";

    [Fact]
    public async Task A_burst_due_at_one_millisecond_is_delivered_once_and_in_order_per_queue()
    {
        await using var gateway = await TestGateway.StartAsync();
        var store = gateway.GetService<IStreamStore>();
        var routing = gateway.GetService<IRoutingStore>();
        var topology = gateway.GetService<BrokerTopology>();
        // A logical broker of its own, so the gateway's running wheels never touch these slots.
        var broker = new LogicalBroker(97, "broker-burst", 0, new IPEndPoint(IPAddress.Loopback, 1));
        var due = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var slot = TimerSlots.SlotOf(due);
        await routing.CommitOffsetAsync(broker.Name, TimerWheel.ProgressGroup(broker), TimerSlots.TimerTopic, 0, slot);
        var stream = TimerSlots.StreamName(topology.ClusterName, broker.Name, slot);
        var wheel = new TimerWheel(store, routing, broker, topology, gateway.GetService<TimerDelivery>(), gateway.GetService<TimerSlotFence>());
        await wheel.LoadAsync(due, CancellationToken.None);

        // Warm the delivery path (JIT, store connections) with a small burst to another topic, then the measured one.
        await AppendBurstAsync(store, topology, broker, stream, "T_timer_burst_warm", 200, due);
        await wheel.PassAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        await AppendBurstAsync(store, topology, broker, stream, Topic, Messages, due);
        var watch = Stopwatch.StartNew();
        await wheel.PassAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        var elapsed = watch.Elapsed;
        output.WriteLine($"{Messages} messages due at one millisecond delivered in {elapsed.TotalMilliseconds:0} ms ({Messages / elapsed.TotalSeconds:0}/s)");
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"the burst took {elapsed}"); // a guard against a hang, not the measurement

        // A second walk of the same slot (a new lease holder) delivers nothing new.
        var again = new TimerWheel(store, routing, broker, topology, gateway.GetService<TimerDelivery>(), gateway.GetService<TimerSlotFence>());
        await again.LoadAsync(due, CancellationToken.None);
        await again.PassAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);

        var queues = gateway.GetService<QueueStore>();
        for (var q = 0; q < Queues; q++)
        {
            using var batch = await store.ReadForwardAsync(queues.StreamName(broker, Topic, q), 0, Messages);
            var bodies = Enumerable.Range(0, batch.Count).Select(i => int.Parse(Encoding.UTF8.GetString(DecodedMessage.Decode(batch.GetData(i).Span).Body), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, Messages / Queues).Select(i => i * Queues + q), bodies);
        }
    }

    private static async Task AppendBurstAsync(IStreamStore store, BrokerTopology topology, LogicalBroker broker, string stream, string realTopic, int messages, long due)
    {
        for (var first = 0; first < messages; first += 200)
        {
            var events = new EventToAppend[200];
            for (var i = 0; i < events.Length; i++)
            {
                var n = first + i;
                events[i] = TimerEntries.Build(topology, broker, realTopic, n % Queues, n.ToString(System.Globalization.CultureInfo.InvariantCulture), due);
            }
            await store.AppendAsync(stream, events);
        }
    }
}
