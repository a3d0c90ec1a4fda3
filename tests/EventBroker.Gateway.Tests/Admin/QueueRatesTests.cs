using EventBroker.Gateway.Admin;

namespace EventBroker.Gateway.Tests.Admin;

public sealed class QueueRatesTests
{
    private readonly SteppedClock _clock = new();

    [Fact]
    public void The_first_look_has_no_rate_and_the_next_one_measures_the_offsets_moved_per_second()
    {
        var rates = new QueueRates(_clock);

        Assert.Null(rates.Observe("broker-a", "T", 0, 100));
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(50, rates.Observe("broker-a", "T", 0, 250));
    }

    [Fact]
    public void The_rate_covers_about_the_last_ten_seconds_not_the_whole_history()
    {
        var rates = new QueueRates(_clock);
        rates.Observe("broker-a", "T", 0, 0);
        for (var second = 1; second <= 30; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            // 10 messages a second for 20 s, then 100 a second.
            rates.Observe("broker-a", "T", 0, second <= 20 ? second * 10 : 200 + (second - 20) * 100);
        }
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(100, rates.Observe("broker-a", "T", 0, 1300));
    }

    [Fact]
    public void Queues_are_measured_apart_by_broker_topic_and_queue()
    {
        var rates = new QueueRates(_clock);
        rates.Observe("broker-a", "T", 0, 0);
        rates.Observe("broker-b", "T", 0, 0);
        rates.Observe("broker-a", "T", 1, 0);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(5, rates.Observe("broker-a", "T", 0, 10));
        Assert.Equal(0, rates.Observe("broker-b", "T", 0, 0));
        Assert.Equal(1, rates.Observe("broker-a", "T", 1, 2));
    }

    [Fact]
    public void An_offset_that_went_down_after_a_topic_was_recreated_starts_the_measurement_over()
    {
        var rates = new QueueRates(_clock);
        rates.Observe("broker-a", "T", 0, 500);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(rates.Observe("broker-a", "T", 0, 3));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
