using System.Diagnostics;
using System.Text;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>A real server killed and started again on the same port: fail fast while down, recover by itself.</summary>
public sealed class RedisReconnectTests : IAsyncLifetime
{
    private RedisServer _server = null!;

    private RedisOptions Options => RedisOptions.Parse($"{_server.Configuration},syncTimeout=5000") with
    {
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Killed_server_fails_calls_fast_and_the_restarted_one_is_used_without_help(string protocol)
    {
        await using var redis = await RedisConnection.ConnectAsync(Options with { Protocol = protocol == "resp2" ? RedisProtocol.Resp2 : RedisProtocol.Resp3 });
        await redis.ExecuteAsync("SET", "k", "before");

        await _server.KillAsync();
        var error = await FailingCallAsync(redis);

        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: ", error.Message, StringComparison.Ordinal);
        var timer = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await redis.ExecuteAsync("PING"));
        Assert.True(timer.Elapsed < TimeSpan.FromMilliseconds(2500), $"a call while Redis is down took {timer.ElapsedMilliseconds} ms, as if it waited for the 5 s sync timeout");

        await _server.RestartAsync();

        await Eventually.AssertAsync(() => redis.IsConnected, "the connection to come back");
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
        // No persistence: the restarted server is empty.
        Assert.True((await redis.ExecuteAsync("GET", "k")).IsNull);
    }

    [Fact]
    public async Task Commands_in_flight_when_the_server_dies_fail_with_a_connection_error()
    {
        await using var redis = await RedisConnection.ConnectAsync(Options);
        // A blocking pop on an empty list keeps the reply back long enough to kill the server under it.
        var sleeping = redis.ExecuteAsync("BLPOP", "never-filled", 5).AsTask();
        await Task.Delay(100);

        await _server.KillAsync();

        // A FIN reads as "closed the connection", a reset as "the connection was lost (Connection reset by peer)".
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => sleeping);
        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paused_server_times_calls_out_and_the_connection_recovers_when_it_resumes()
    {
        await using var redis = await RedisConnection.ConnectAsync(Options with { SyncTimeout = TimeSpan.FromMilliseconds(300) });
        await _server.PauseAsync();

        var timer = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await redis.ExecuteAsync("PING"));
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(4), $"the 300 ms timeout took {timer.ElapsedMilliseconds} ms");
        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: no reply to PING within 300 ms", ex.Message, StringComparison.Ordinal);

        await _server.ResumeAsync();
        await Poll.UntilAsync(() => SucceedsAsync(redis), "calls to succeed again");
    }

    [Fact]
    public async Task AbortConnect_false_starts_without_a_server_and_connects_once_there_is_one()
    {
        await _server.KillAsync();

        await using var redis = await RedisConnection.ConnectAsync(Options with { AbortOnConnectFail = false });
        await FailingCallAsync(redis);
        await _server.RestartAsync();

        await Poll.UntilAsync(() => SucceedsAsync(redis), "calls to succeed once the server is up");
    }

    [Fact]
    public async Task Subscriber_is_subscribed_again_after_a_restart()
    {
        await using var redis = await RedisConnection.ConnectAsync(Options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(Options);
        var received = new MessageCollector();
        await using var subscription = await subscriber.SubscribeAsync("restart-ch", received.Handle);

        await _server.KillAsync();
        await _server.RestartAsync();
        await Eventually.AssertAsync(() => redis.IsConnected && subscriber.IsConnected, "both connections to come back");

        // PUBLISH answers how many subscribers got the message: the resubscribed connection is one.
        Assert.Equal(1, (await redis.ExecuteAsync("PUBLISH", "restart-ch", "after")).AsInt64());
        Assert.Equal("after", Encoding.UTF8.GetString(await received.NextAsync()));
    }

    [Fact]
    public async Task Reconnected_is_raised_after_the_connection_comes_back()
    {
        await using var redis = await RedisConnection.ConnectAsync(Options);
        var reconnected = new TaskCompletionSource();
        redis.Reconnected += () => reconnected.TrySetResult();

        await _server.KillAsync();
        await _server.RestartAsync();

        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    // Calls may be held back briefly while the first reconnect attempt runs; once it fails they fail at once.
    private static async Task<RedisConnectionException> FailingCallAsync(RedisConnection redis)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await redis.ExecuteAsync("PING");
            }
            catch (RedisConnectionException ex)
            {
                return ex;
            }
            Assert.True(DateTime.UtcNow < deadline, "calls kept succeeding after the server was killed");
            await Task.Delay(10);
        }
    }

    private static Task<bool> SucceedsAsync(RedisConnection redis)
        => Poll.SucceedsAsync<RedisException>(async () => await redis.ExecuteAsync("PING"));
}
