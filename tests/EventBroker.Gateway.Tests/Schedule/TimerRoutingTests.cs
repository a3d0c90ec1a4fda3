using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Schedule;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Schedule;

public sealed class TimerRoutingTests
{
    private const long Now = 1_800_000_000_000;
    private const long Max = BrokerOptions.DefaultTimerMaxDelaySec;

    private static string Props(params (string Key, string Value)[] entries) =>
        MessageProperties.Format(entries.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)));

    [Fact]
    public void Slots_are_minutes_of_the_due_time_and_walk_in_time_order()
    {
        Assert.Equal(Now / 60_000, TimerSlots.SlotOf(Now));
        Assert.Equal(TimerSlots.SlotOf(Now) + 1, TimerSlots.SlotOf(TimerSlots.StartOf(TimerSlots.SlotOf(Now) + 1)));
        Assert.Equal(TimerSlots.SlotOf(Now), TimerSlots.SlotOf(TimerSlots.StartOf(TimerSlots.SlotOf(Now) + 1) - 1));
        Assert.Equal(-1, TimerSlots.SlotOf(-1));
        // A 40-day horizon is 57 600 slots ahead: the wheel reads them only as their minutes come.
        Assert.Equal(57_600, TimerSlots.SlotOf(Now + 40L * 86_400_000) - TimerSlots.SlotOf(Now));
    }

    [Fact]
    public void Slot_stream_names_round_trip_stay_out_of_retention_and_never_parse_as_queues()
    {
        var name = TimerSlots.StreamName("DefaultCluster", "broker-a", 29_999_999);
        Assert.Equal("mq/DefaultCluster%timer/broker-a/29999999", name);
        Assert.True(TimerSlots.TryParse(name, out var cluster, out var broker, out var slot));
        Assert.Equal(("DefaultCluster", "broker-a", 29_999_999L), (cluster, broker, slot));
        Assert.False(name.StartsWith(QueueStreams.ClusterPrefix("DefaultCluster"), StringComparison.Ordinal));
        Assert.False(QueueStreams.TryParse(name, out _, out _, out _, out _));
        Assert.False(TimerSlots.TryParse(QueueStreams.Name("DefaultCluster", "broker-a", "T", 0), out _, out _, out _));
        Assert.NotEqual('$', name[0]);
    }

    [Theory]
    [InlineData("TIMER_DELAY_SEC", "90", Now + 90_000)]
    [InlineData("TIMER_DELAY_MS", "1500", Now + 1_500)]
    [InlineData("TIMER_DELIVER_MS", "1800000123456", 1_800_000_123_456)]
    [InlineData("TIMER_DELIVER_MS", "1", 1)] // in the past: due at once
    [InlineData("TIMER_DELIVER_MS", "-1", -1)] // so is a negative time (RocketMQ 5 parses it and finds it past)
    [InlineData("TIMER_DELAY_MS", "-1", Now)] // and a negative delay
    [InlineData("TIMER_DELAY_SEC", "-9223372036854775808", Now)] // without overflowing
    [InlineData("TIMER_DELAY_SEC", "3456000", Now + 3_456_000_000)] // exactly the 40-day default
    public void Each_property_gives_its_due_time(string key, string value, long due)
    {
        var request = TimerRouting.Parse(Props((key, value)), Now, Max);
        Assert.True(request.IsTimer);
        Assert.Null(request.Error);
        Assert.Equal(due, request.DueMs);
    }

    [Fact]
    public void Delay_seconds_win_over_milliseconds_which_win_over_a_delivery_time()
    {
        Assert.Equal(Now + 5_000, TimerRouting.Parse(Props(("TIMER_DELIVER_MS", "7"), ("TIMER_DELAY_MS", "9"), ("TIMER_DELAY_SEC", "5")), Now, Max).DueMs);
        Assert.Equal(Now + 9, TimerRouting.Parse(Props(("TIMER_DELIVER_MS", "7"), ("TIMER_DELAY_MS", "9")), Now, Max).DueMs);
    }

    [Fact]
    public void No_timer_property_is_no_timer()
    {
        Assert.False(TimerRouting.Parse(Props(("TAGS", "a")), Now, Max).IsTimer);
        Assert.False(TimerRouting.Parse("", Now, Max).IsTimer);
        Assert.False(TimerRouting.HasTimerProperty(Props(("TAGS", "a"))));
    }

    [Theory]
    [InlineData("TIMER_DELAY_SEC", "3456001", "beyond the maximum delay of 3456000 s (40 days, Broker:timerMaxDelaySec)")]
    [InlineData("TIMER_DELAY_SEC", "99999999999999999", "beyond the maximum")]
    [InlineData("TIMER_DELAY_SEC", "999999999999999999999", "is not a whole number of seconds")]
    [InlineData("TIMER_DELIVER_MS", "1e12", "is not an epoch time")]
    public void Bad_values_name_the_property_and_the_limit(string key, string value, string remark)
    {
        var request = TimerRouting.Parse(Props((key, value)), Now, Max);
        Assert.True(request.IsTimer);
        Assert.Contains(key, request.Error);
        Assert.Contains(remark, request.Error);
    }

    [Fact]
    public void The_maximum_is_configurable()
    {
        Assert.Null(TimerRouting.Parse(Props(("TIMER_DELAY_SEC", "60")), Now, 60).Error);
        Assert.Contains("beyond the maximum delay of 60 s", TimerRouting.Parse(Props(("TIMER_DELAY_SEC", "61")), Now, 60).Error);
        Assert.Contains("beyond the maximum delay of 60 s", TimerRouting.Parse(Props(("TIMER_DELIVER_MS", (Now + 61_000).ToString(System.Globalization.CultureInfo.InvariantCulture))), Now, 60).Error);
    }

    [Fact]
    public void The_wheel_record_keeps_its_destination_and_due_time_and_restores_without_re_delaying()
    {
        var (topic, queue, properties) = TimerRouting.ToWheel("Orders", 3, Props(("TAGS", "t"), ("TIMER_DELAY_SEC", "5"), ("UNIQ_KEY", "u")), Now + 5_000, Now);
        Assert.Equal(("rmq_sys_wheel_timer", 0), (topic, queue));
        var message = new DecodedMessage { Topic = topic, QueueId = queue, Properties = MessageProperties.Parse(properties) };
        Assert.Equal((Now + 5_000).ToString(System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("TIMER_OUT_MS"));

        Assert.True(TimerRouting.TryRestore(message, Now + 5_010));
        Assert.Equal(("Orders", 3), (message.Topic, message.QueueId));
        Assert.Equal("5", message.GetProperty("TIMER_DELAY_SEC")); // kept, as RocketMQ 5 delivers it
        Assert.Null(message.GetProperty("REAL_TOPIC"));
        Assert.Null(message.GetProperty("REAL_QID"));
        Assert.Equal("t", message.Tags);
        Assert.Equal("u", message.GetProperty("UNIQ_KEY"));
        Assert.Equal((Now + 5_010).ToString(System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("TIMER_DEQUEUE_MS"));
        Assert.Equal(Now.ToString(System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("TIMER_ENQUEUE_MS"));
        // TIMER_OUT_MS marks it as timed: sent again, it is not delayed again.
        Assert.False(TimerRouting.HasTimerProperty(MessageProperties.Format(message.Properties)));
        Assert.False(TimerRouting.Parse(MessageProperties.Format(message.Properties), Now, Max).IsTimer);
    }
}
