using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>The reconnect backoff over a long outage: thousands of attempts, delays growing to the cap and never past it.</summary>
public sealed class ReconnectBackoffTests
{
    [Fact]
    public async Task Delays_grow_with_jitter_and_stay_within_the_cap_over_thousands_of_attempts()
    {
        var options = new RedisOptions { ReconnectBaseDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(5) };
        var delays = new List<TimeSpan>();
        var backoff = ReconnectBackoff.Create<int>(options, () => true, (_, _, delay) => delays.Add(delay), new ImmediateTimeProvider());
        var failures = 3000;

        var result = await backoff.ExecuteAsync(_ => --failures > 0 ? throw new IOException("refused") : ValueTask.FromResult(42));

        Assert.Equal(42, result);
        Assert.Equal(2999, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, options.ReconnectMaxDelay));
        Assert.True(delays[0] < TimeSpan.FromMilliseconds(500), $"first delay {delays[0]}");
        Assert.True(delays.Skip(100).Average(d => d.TotalMilliseconds) > 2000, "later delays approach the cap");
        // Jitter while the delays grow; at the cap every attempt waits the cap, out of phase with other clients by then.
        Assert.Equal(4, delays.Take(4).Distinct().Count());
        Assert.All(delays.Skip(100), d => Assert.Equal(options.ReconnectMaxDelay, d));
    }

    [Fact]
    public async Task Stopping_ends_the_retries_with_the_last_failure()
    {
        var stopping = false;
        var attempts = 0;
        var backoff = ReconnectBackoff.Create<int>(new RedisOptions(), () => !stopping, (_, _, _) => { }, new ImmediateTimeProvider());

        await Assert.ThrowsAsync<IOException>(async () => await backoff.ExecuteAsync<int>(_ =>
        {
            stopping = ++attempts == 5;
            throw new IOException("refused");
        }));

        Assert.Equal(5, attempts);
    }

    /// <summary>Every timer fires at once (on the thread pool), so a backoff runs without waiting.</summary>
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
