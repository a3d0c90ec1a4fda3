using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;
using Xunit.Abstractions;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>RocketMQ 5 timer messages (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS) through one gateway.</summary>
public sealed class TimerMessageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        // Warm: the timer lease is taken at start, and the first send creates the system topic.
        await WaitForLeaseAsync(_gateway);
        using var warm = await _broker.SendAsync("T_timer_warm", 0, "w", extra: [new(MessageConst.TimerDelayMs, "10")]);
        Assert.Equal(0, warm.Code);
        await WaitForMessagesAsync(_broker, "T_timer_warm", 0, 1, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    internal static async Task WaitForLeaseAsync(TestGateway gateway)
    {
        var leases = gateway.GetService<LeaseKeeper>();
        var watch = Stopwatch.StartNew();
        while (!leases.IsHeld(TimerService.LeaseName))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "the gateway never took the timer lease");
            await Task.Delay(50);
        }
    }

    internal static async Task<List<DecodedMessage>> WaitForMessagesAsync(RemotingTestClient client, string topic, int queueId, int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var messages = new List<DecodedMessage>();
        while (true)
        {
            using var pull = await client.PullAsync("probe", topic, queueId, messages.Count, suspendMillis: 1000, timeout: TimeSpan.FromSeconds(5));
            if (pull.Code == 0)
            {
                messages.AddRange(pull.Messages());
            }
            if (messages.Count >= count)
            {
                return messages;
            }
            Assert.True(watch.Elapsed < timeout, $"{topic}/{queueId}: {messages.Count} of {count} messages after {timeout}");
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Due time (TIMER_OUT_MS) and delivery time (the re-put's store timestamp) of a delivered timer message.</summary>
    private static (long Due, long Delivered) Times(DecodedMessage message) =>
        (long.Parse(message.GetProperty(MessageConst.TimerOutMs)!, CultureInfo.InvariantCulture), message.StoreTimestamp);

    [Fact]
    public async Task The_pending_gauge_counts_a_message_due_this_minute_until_it_is_delivered()
    {
        // Due in 8 s within this minute (the wheel reads a slot once its minute has come).
        if (NowMs() % TimerSlots.SlotMs > TimerSlots.SlotMs - 15_000)
        {
            await Task.Delay((int)(TimerSlots.SlotMs - (NowMs() % TimerSlots.SlotMs)) + 100);
        }
        var broker = _gateway.GetService<BrokerTopology>().Brokers[0].Name;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}") };
        async Task<double?> PendingAsync()
        {
            var text = await http.GetStringAsync("/metrics");
            var metrics = Observability.PrometheusText.Parse(text);
            return text.Contains("eventbroker_timer_pending{", StringComparison.Ordinal) ? metrics.Value($"eventbroker_timer_pending{{broker=\"{broker}\"}}") : null;
        }
        using (var sent = await _broker.SendAsync("T_timer_gauge", 0, "g", extra: [new(MessageConst.TimerDelayMs, "8000")]))
        {
            Assert.Equal(0, sent.Code);
        }
        var watch = Stopwatch.StartNew();
        while (await PendingAsync() != 1)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(7), "eventbroker.timer.pending never showed the message before it was due");
            await Task.Delay(50);
        }
        await WaitForMessagesAsync(_broker, "T_timer_gauge", 0, 1, TimeSpan.FromSeconds(15));
        watch.Restart();
        while (await PendingAsync() != 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "eventbroker.timer.pending did not drop to 0 after delivery");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(MessageConst.TimerDelayMs, 2500L)]
    [InlineData(MessageConst.TimerDelaySec, 2L)]
    [InlineData(MessageConst.TimerDeliverMs, 2300L)]
    public async Task A_timer_message_arrives_within_one_second_of_due_and_not_before(string property, long amount)
    {
        var topic = "T_timer_" + property;
        var sentAt = NowMs();
        var value = property == MessageConst.TimerDeliverMs ? sentAt + amount : amount;
        var expectedDelayMs = property switch
        {
            MessageConst.TimerDelaySec => amount * 1000,
            _ => amount,
        };
        using (var send = await _broker.SendAsync(topic, 1, "timed", tags: "TagT", keys: "k-1",
            extra: [new(property, value.ToString(CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(0, send.Code);
            Assert.Equal("1", send.GetExt("queueId"));
        }
        var ackedAt = NowMs();
        using (var early = await _broker.PullAsync("g", topic, 1, 0))
        {
            Assert.NotEqual(0, early.Code); // not there yet
        }

        var message = Assert.Single(await WaitForMessagesAsync(_broker, topic, 1, 1, TimeSpan.FromSeconds(15)));
        var arrivedAt = NowMs();
        var (due, delivered) = Times(message);
        output.WriteLine($"{property}: due {due}, stored in its topic {delivered - due} ms after due, seen by a long poll {arrivedAt - due} ms after due");

        // The due time is the one asked for (relative delays count from the broker's arrival time).
        Assert.InRange(due, sentAt + expectedDelayMs, ackedAt + expectedDelayMs);
        Assert.InRange(delivered - due, -5, 1000);
        Assert.InRange(arrivedAt, due - 5, due + 5000); // the pull is only a guard against a hang
        Assert.Equal("timed", Encoding.UTF8.GetString(message.Body));
        Assert.Equal(topic, message.Topic);
        Assert.Equal(1, message.QueueId);
        Assert.Equal("TagT", message.Tags);
        Assert.Equal("k-1", message.Keys);
        // As RocketMQ 5 delivers it (TimerMessageStore.convertMessage): the request stays, REAL_* go.
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), message.GetProperty(property));
        Assert.Null(message.GetProperty(MessageConst.RealTopic));
        Assert.Null(message.GetProperty(MessageConst.RealQid));
        Assert.NotNull(message.GetProperty(MessageConst.TimerEnqueueMs));
        Assert.NotNull(message.GetProperty(MessageConst.TimerDequeueMs));
    }

    [Fact]
    public async Task Timer_messages_sent_out_of_order_arrive_in_due_order()
    {
        var start = NowMs() + 1500;
        int[] order = [4, 1, 3, 0, 2];
        foreach (var i in order)
        {
            using var send = await _broker.SendAsync("T_timer_order", 0, $"m{i}",
                extra: [new(MessageConst.TimerDeliverMs, (start + i * 300).ToString(CultureInfo.InvariantCulture))]);
            Assert.Equal(0, send.Code);
        }
        var messages = await WaitForMessagesAsync(_broker, "T_timer_order", 0, 5, TimeSpan.FromSeconds(15));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
        foreach (var m in messages)
        {
            var (due, delivered) = Times(m);
            Assert.InRange(delivered - due, -5, 1000);
        }
    }

    [Fact]
    public async Task A_delivery_time_in_the_past_is_stored_at_once()
    {
        using (var send = await _broker.SendAsync("T_timer_past", 0, "late", extra: [new(MessageConst.TimerDeliverMs, (NowMs() - 10_000).ToString(CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(0, send.Code);
            Assert.Equal(0, send.ExtLong("queueOffset"));
        }
        using var pull = await _broker.PullAsync("g", "T_timer_past", 0, 0);
        Assert.Equal(0, pull.Code);
        Assert.Equal("late", Encoding.UTF8.GetString(Assert.Single(pull.Messages()).Body));

        using (var zero = await _broker.SendAsync("T_timer_past", 0, "zero", extra: [new(MessageConst.TimerDelaySec, "0")]))
        {
            Assert.Equal(0, zero.Code);
            Assert.Equal(1, zero.ExtLong("queueOffset"));
        }
        // Negative values are due times in the past for RocketMQ 5's broker too (Long.parseLong, then "not later
        // than now"): stored at once, not refused.
        string[][] negatives = [[MessageConst.TimerDelaySec, "-3"], [MessageConst.TimerDelayMs, "-1"], [MessageConst.TimerDeliverMs, "-5"]];
        for (var i = 0; i < negatives.Length; i++)
        {
            using var negative = await _broker.SendAsync("T_timer_past", 0, "neg", extra: [new(negatives[i][0], negatives[i][1])]);
            Assert.Equal(0, negative.Code);
            Assert.Equal(2 + i, negative.ExtLong("queueOffset"));
        }
        using var all = await _broker.PullAsync("g", "T_timer_past", 0, 0);
        var stored = all.Messages();
        Assert.Equal(5, stored.Count);
        // Stored as sent: the request stays and no TIMER_OUT_MS is added (it never went through the wheel).
        Assert.Equal("-5", stored[4].GetProperty(MessageConst.TimerDeliverMs));
        Assert.Null(stored[4].GetProperty(MessageConst.TimerOutMs));
    }

    [Fact]
    public async Task A_delivered_timer_message_sent_again_is_not_delayed_again()
    {
        using (var send = await _broker.SendAsync("T_timer_again", 0, "once", extra: [new(MessageConst.TimerDelayMs, "300")]))
        {
            Assert.Equal(0, send.Code);
        }
        var delivered = Assert.Single(await WaitForMessagesAsync(_broker, "T_timer_again", 0, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("300", delivered.GetProperty(MessageConst.TimerDelayMs));

        // A consumer forwarding what it received (all properties, TIMER_OUT_MS included): RocketMQ 5 does not time a
        // message carrying TIMER_OUT_MS again (HookUtils.checkIfTimerMessage), so neither do we, and nothing is
        // refused either: it is stored at once.
        var forwarded = delivered.Properties
            .Where(p => p.Key is not (MessageConst.UniqKey or "WAIT"))
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value))
            .Append(new(MessageConst.TimerDelaySec, "3000000"))
            .ToArray();
        using (var again = await _broker.SendAsync("T_timer_forwarded", 0, "again", extra: forwarded))
        {
            Assert.Equal(0, again.Code);
            Assert.Equal(0, again.ExtLong("queueOffset"));
        }
        using var pull = await _broker.PullAsync("g", "T_timer_forwarded", 0, 0);
        Assert.Equal(0, pull.Code);
        Assert.Equal("again", Encoding.UTF8.GetString(Assert.Single(pull.Messages()).Body));
    }

    [Theory]
    [InlineData(MessageConst.TimerDelaySec, "soon", "TIMER_DELAY_SEC 'soon' is not a whole number of seconds")]
    [InlineData(MessageConst.TimerDelayMs, "1.5", "TIMER_DELAY_MS '1.5' is not a whole number of milliseconds")]
    [InlineData(MessageConst.TimerDeliverMs, "tomorrow", "TIMER_DELIVER_MS 'tomorrow' is not an epoch time in milliseconds")]
    [InlineData(MessageConst.TimerDelaySec, "3456001", "TIMER_DELAY_SEC=3456001 is beyond the maximum delay of 3456000 s (40 days, Broker:timerMaxDelaySec)")]
    [InlineData(MessageConst.TimerDelayMs, "3456000001", "TIMER_DELAY_MS=3456000001 is beyond the maximum delay of 3456000 s")]
    public async Task A_bad_or_too_long_timer_property_is_refused_with_13_naming_it(string property, string value, string remark)
    {
        using var send = await _broker.SendAsync("T_timer_bad", 0, "x", extra: [new(property, value)]);
        Assert.Equal((int)ResponseCode.MessageIllegal, send.Code);
        Assert.Contains(remark, send.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_time_beyond_the_maximum_is_refused_with_the_limit()
    {
        var at = NowMs() + (BrokerOptions.DefaultTimerMaxDelaySec + 60) * 1000;
        using var send = await _broker.SendAsync("T_timer_bad", 0, "x", extra: [new(MessageConst.TimerDeliverMs, at.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal((int)ResponseCode.MessageIllegal, send.Code);
        Assert.Contains("beyond the maximum delay of 3456000 s (40 days, Broker:timerMaxDelaySec)", send.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timer_properties_on_a_transactional_or_batch_message_are_refused()
    {
        using (var half = await _broker.SendAsync("T_timer_tx", 0, "x", extra: [new(MessageConst.TranMsg, "true"), new(MessageConst.PGroup, "p"), new(MessageConst.TimerDelaySec, "5")]))
        {
            Assert.Equal((int)ResponseCode.MessageIllegal, half.Code);
            Assert.Contains("a transactional message cannot have a delivery time", half.Remark, StringComparison.Ordinal);
        }
        using var batch = await _broker.SendBatchAsync("T_timer_batch", 0, [("a", null), ("b", null)], extra: [new(MessageConst.TimerDelaySec, "5")]);
        Assert.Equal((int)ResponseCode.MessageIllegal, batch.Code);
        Assert.Contains("a batch message cannot have a delivery time", batch.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delay_level_wins_over_timer_properties_as_in_RocketMQ()
    {
        using var send = await _broker.SendAsync("T_timer_level", 0, "lvl", extra: [new(MessageConst.Delay, "1"), new(MessageConst.TimerDelaySec, "3000000")]);
        Assert.Equal(0, send.Code);
        var message = Assert.Single(await WaitForMessagesAsync(_broker, "T_timer_level", 0, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("lvl", Encoding.UTF8.GetString(message.Body));
        // RocketMQ 5 removes the TIMER_* requests from a message with a delay level (HookUtils.checkIfTimerMessage).
        Assert.Null(message.GetProperty(MessageConst.TimerDelaySec));
        Assert.Null(message.GetProperty(MessageConst.TimerOutMs));
        Assert.Null(message.GetProperty(MessageConst.Delay));
    }

    [Fact]
    public async Task A_forty_day_timer_is_accepted_stays_pending_and_survives_retention()
    {
        var sentAt = NowMs();
        using (var send = await _broker.SendAsync("T_timer_40d", 0, "far", extra: [new(MessageConst.TimerDelaySec, (40 * 86_400).ToString(CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(0, send.Code);
        }
        var store = _gateway.GetService<IStreamStore>();
        var topology = _gateway.GetService<BrokerTopology>();
        var slot = TimerSlots.SlotOf(sentAt + 40L * 86_400_000);
        var stream = TimerSlots.StreamName(topology.ClusterName, topology.Brokers[0].Name, slot);
        var bounds = await store.GetBoundsAsync(stream);
        if (bounds.Count == 0)
        {
            // The send landed just past a minute boundary relative to our clock reading.
            stream = TimerSlots.StreamName(topology.ClusterName, topology.Brokers[0].Name, slot + 1);
            bounds = await store.GetBoundsAsync(stream);
        }
        Assert.Equal(1, bounds.Count);

        // Retention by fileReservedTime leaves the wheel alone (as if 48 h had passed for every message).
        await _gateway.GetService<RetentionJob>().RunAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        Assert.Equal(1, (await store.GetBoundsAsync(stream)).Count);

        await Task.Delay(1500);
        using var pull = await _broker.PullAsync("g", "T_timer_40d", 0, 0);
        Assert.NotEqual(0, pull.Code);
        // The wheel's system topic shows nothing to an ordinary consumer either.
        using var system = await _broker.PullAsync("g", TimerSlots.TimerTopic, 0, 0);
        Assert.Empty(system.Code == 0 ? system.Messages() : []);
    }

    [Fact]
    public async Task A_message_delivered_before_a_restart_is_not_delivered_again_and_a_pending_one_arrives_once()
    {
        using (var early = await _broker.SendAsync("T_timer_restart", 0, "early", extra: [new(MessageConst.TimerDelayMs, "500")]))
        {
            Assert.Equal(0, early.Code);
        }
        using (var pending = await _broker.SendAsync("T_timer_restart", 0, "pending", extra: [new(MessageConst.TimerDelayMs, "6000")]))
        {
            Assert.Equal(0, pending.Code);
        }
        var first = await WaitForMessagesAsync(_broker, "T_timer_restart", 0, 1, TimeSpan.FromSeconds(10));
        Assert.Equal("early", Encoding.UTF8.GetString(first[0].Body));

        await _broker.DisposeAsync();
        await _gateway.StopAsync();
        await _gateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        await WaitForLeaseAsync(_gateway);

        var messages = await WaitForMessagesAsync(_broker, "T_timer_restart", 0, 2, TimeSpan.FromSeconds(20));
        Assert.Equal(["early", "pending"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
        // The restarted wheel walked the still-open slot again: "early" was re-delivered and the store kept one copy.
        var delivery = _gateway.GetService<TimerDelivery>();
        var watch = Stopwatch.StartNew();
        while (delivery.DuplicatesSuppressed == 0 && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
        }
        Assert.True(delivery.DuplicatesSuppressed >= 1, "the restarted wheel did not re-walk the open slot");
        await Task.Delay(500);
        using var all = await _broker.PullAsync("g", "T_timer_restart", 0, 0);
        Assert.Equal(2, all.Messages().Count);
    }
}
