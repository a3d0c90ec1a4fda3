using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Observability;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>
/// RocketMQ 5's cancel of a pending timer message: a send carrying TIMER_DEL_UNIQKEY = {realTopic}+{UNIQ_KEY} and the
/// original's TIMER_DELIVER_MS leaves a marker in the original's slot; the wheel skips the entry it names.
/// </summary>
public sealed class TimerCancelTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        await TimerMessageTests.WaitForLeaseAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static KeyValuePair<string, string> At(long dueMs) => new(MessageConst.TimerDeliverMs, dueMs.ToString(CultureInfo.InvariantCulture));

    /// <summary>A due time this far ahead, moved on to the next minute first if it would straddle one (so the wheel reads its slot now).</summary>
    private static async Task<long> DueInThisMinuteAsync(int aheadMs)
    {
        if (NowMs() % TimerSlots.SlotMs > TimerSlots.SlotMs - aheadMs - 3_000)
        {
            await Task.Delay((int)(TimerSlots.SlotMs - (NowMs() % TimerSlots.SlotMs)) + 100);
        }
        return NowMs() + aheadMs;
    }

    private Task<RemotingCommand> CancelAsync(string topic, string uniqKey, long dueMs, RemotingTestClient? via = null) =>
        (via ?? _broker).SendAsync(topic, 0, "cancel", uniqKey: uniqKey,
            extra: [new(MessageConst.TimerDelUniqKey, TimerRouting.CancelKey(topic, uniqKey)), At(dueMs)]);

    private static async Task<List<string>> BodiesAsync(RemotingTestClient client, string topic)
    {
        using var pull = await client.PullAsync("probe", topic, 0, 0, suspendMillis: 0);
        return pull.Code == 0 ? pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)).ToList() : [];
    }

    [Fact]
    public async Task A_cancel_after_the_wheel_read_the_message_but_before_due_stops_it_and_is_never_delivered_itself()
    {
        const string topic = "T_cancel_read";
        var due = await DueInThisMinuteAsync(4_000);
        var cancelled = UniqueKey.Create();
        using (var a = await _broker.SendAsync(topic, 0, "cancelled", uniqKey: cancelled, extra: [At(due)]))
        {
            Assert.Equal(0, a.Code);
        }
        using (var b = await _broker.SendAsync(topic, 0, "kept", extra: [At(due)]))
        {
            Assert.Equal(0, b.Code);
        }
        // The wheel has read both entries of the open slot before the marker arrives.
        var backlog = _gateway.GetService<TimerBacklog>();
        var broker = _gateway.GetService<BrokerTopology>().Brokers[0].Name;
        var watch = Stopwatch.StartNew();
        while (backlog.Of(broker) < 2)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the wheel did not read the slot before the messages were due (pending {backlog.Of(broker)})");
            await Task.Delay(20);
        }

        // As RocketMQ's recall builds it: the marker carries the UNIQ_KEY of the message it cancels.
        using (var cancel = await CancelAsync(topic, cancelled, due))
        {
            Assert.Equal(0, cancel.Code);
            Assert.NotNull(cancel.GetExt("msgId"));
        }

        var delivered = await TimerMessageTests.WaitForMessagesAsync(_broker, topic, 0, 1, TimeSpan.FromSeconds(15));
        Assert.Equal("kept", Encoding.UTF8.GetString(Assert.Single(delivered).Body));
        await Task.Delay(1500); // anything else would have been delivered with it
        Assert.Equal(["kept"], await BodiesAsync(_broker, topic));
        Assert.Equal(1, _gateway.GetService<TimerDelivery>().Cancelled);
    }

    [Fact]
    public async Task A_cancel_after_delivery_is_refused_as_too_late_and_changes_nothing()
    {
        const string topic = "T_cancel_late";
        var due = NowMs() + 1_000;
        var key = UniqueKey.Create();
        using (var sent = await _broker.SendAsync(topic, 0, "delivered", uniqKey: key, extra: [At(due)]))
        {
            Assert.Equal(0, sent.Code);
        }
        await TimerMessageTests.WaitForMessagesAsync(_broker, topic, 0, 1, TimeSpan.FromSeconds(15));

        using (var cancel = await CancelAsync(topic, key, due))
        {
            Assert.Equal(13, cancel.Code); // RocketMQ 5: WHEEL_TIMER_MSG_ILLEGAL for a cancel whose time has passed
            Assert.Contains("too late to cancel", cancel.Remark);
        }
        await Task.Delay(1000);
        Assert.Equal(["delivered"], await BodiesAsync(_broker, topic));
        Assert.Equal(0, _gateway.GetService<TimerDelivery>().Cancelled);
    }

    [Fact]
    public async Task A_cancel_naming_an_unknown_message_is_harmless()
    {
        const string topic = "T_cancel_unknown";
        var due = await DueInThisMinuteAsync(2_000);
        using (var sent = await _broker.SendAsync(topic, 0, "kept", extra: [At(due)]))
        {
            Assert.Equal(0, sent.Code);
        }
        using (var cancel = await CancelAsync(topic, UniqueKey.Create(), due))
        {
            Assert.Equal(0, cancel.Code);
        }
        // Same UNIQ_KEY as the kept message but another topic: RocketMQ's key is topic + UNIQ_KEY.
        using (var other = await _broker.SendAsync("T_cancel_unknown_other", 0, "x", extra: [At(due)]))
        {
            Assert.Equal(0, other.Code);
        }
        await TimerMessageTests.WaitForMessagesAsync(_broker, topic, 0, 1, TimeSpan.FromSeconds(15));
        await Task.Delay(1000);
        Assert.Equal(["kept"], await BodiesAsync(_broker, topic));
        Assert.Equal(0, _gateway.GetService<TimerDelivery>().Cancelled);
    }

    [Fact]
    public async Task A_cancel_survives_a_gateway_restart_before_the_due_time()
    {
        const string topic = "T_cancel_restart";
        var due = NowMs() + 5_000;
        var cancelled = UniqueKey.Create();
        using (var a = await _broker.SendAsync(topic, 0, "cancelled", uniqKey: cancelled, extra: [At(due)]))
        {
            Assert.Equal(0, a.Code);
        }
        using (var b = await _broker.SendAsync(topic, 0, "kept", extra: [At(due)]))
        {
            Assert.Equal(0, b.Code);
        }
        using (var cancel = await CancelAsync(topic, cancelled, due))
        {
            Assert.Equal(0, cancel.Code);
        }
        await _broker.DisposeAsync();
        await _gateway.StopAsync();
        Assert.True(NowMs() < due, "the restart began after the due time; the test proves nothing");
        await _gateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();

        var delivered = await TimerMessageTests.WaitForMessagesAsync(_broker, topic, 0, 1, TimeSpan.FromSeconds(30));
        Assert.Equal("kept", Encoding.UTF8.GetString(Assert.Single(delivered).Body));
        await Task.Delay(1500);
        Assert.Equal(["kept"], await BodiesAsync(_broker, topic));
    }

    [Fact]
    public async Task A_cancel_without_the_delivery_time_or_in_a_batch_is_refused_and_not_stored()
    {
        const string topic = "T_cancel_bad";
        var key = UniqueKey.Create();
        using (var bare = await _broker.SendAsync(topic, 0, "c", extra: [new(MessageConst.TimerDelUniqKey, TimerRouting.CancelKey(topic, key))]))
        {
            Assert.Equal(13, bare.Code);
            Assert.Contains(MessageConst.TimerDeliverMs, bare.Remark);
        }
        using (var leveled = await _broker.SendAsync(topic, 0, "c",
            extra: [new(MessageConst.TimerDelUniqKey, TimerRouting.CancelKey(topic, key)), At(NowMs() + 60_000), new(MessageConst.Delay, "2")]))
        {
            Assert.Equal(13, leveled.Code);
        }
        using (var batch = await _broker.SendBatchAsync(topic, 0, [("c", null)],
            extra: [new(MessageConst.TimerDelUniqKey, TimerRouting.CancelKey(topic, key))]))
        {
            Assert.Equal(13, batch.Code);
            Assert.Contains("one by one", batch.Remark);
        }
        Assert.Empty(await BodiesAsync(_broker, topic));
    }
}
