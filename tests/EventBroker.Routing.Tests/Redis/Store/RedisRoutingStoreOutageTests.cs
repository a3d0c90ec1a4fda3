using System.Diagnostics;
using System.Text;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Redis;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Store;

/// <summary>Redis going away and coming back under a store: fail fast with a clear reason, recover without help.</summary>
public sealed class RedisRoutingStoreOutageTests : IAsyncLifetime
{
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private RedisRoutingOptions Options(string extra = "") => new()
    {
        Redis = RedisOptions.Parse($"{_server.Configuration},syncTimeout=5000{extra}") with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        },
        KeyPrefix = "outage:",
    };

    [Fact]
    public async Task Stopped_Redis_fails_calls_fast_with_the_reason_then_everything_recovers_by_itself()
    {
        await using var store = await RedisRoutingStore.ConnectAsync(Options());
        var received = new MessageCollector();
        await using var subscription = await store.SubscribeAsync("wakeups", received.Handle);
        await store.PutTopicAsync(new TopicConfig { TopicName = "T" });

        await _server.KillAsync();

        var error = await FailingCallAsync(() => store.GetTopicAsync("T").AsTask());
        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: ", error.Message, StringComparison.Ordinal);
        var timer = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RoutingUnavailableException>(async () => await store.CommitOffsetAsync("broker-a", "g", "T", 0, 1));
        await Assert.ThrowsAsync<RoutingUnavailableException>(async () => await store.PublishAsync("wakeups", "x"u8.ToArray()));
        await Assert.ThrowsAsync<RoutingUnavailableException>(async () => await store.SubscribeAsync("other", _ => { }));
        Assert.True(timer.Elapsed < TimeSpan.FromMilliseconds(2500), $"calls while Redis is down took {timer.ElapsedMilliseconds} ms, as if they waited for the 5 s sync timeout");

        await _server.RestartAsync();

        await Poll.UntilAsync(() => Poll.SucceedsAsync<RoutingUnavailableException>(() => store.GetTopicAsync("T").AsTask()), "calls to succeed again");
        await Eventually.AssertAsync(() => store.IsConnected, "the pub/sub connection to come back");
        // The restarted server has no persistence: the data is gone, which the seed marker tells.
        Assert.Null(await store.GetTopicAsync("T"));
        Assert.False(await store.IsSeededAsync());
        await store.PublishAsync("wakeups", "after"u8.ToArray());
        Assert.Equal("after", Encoding.UTF8.GetString(await received.NextAsync()));
    }

    [Fact]
    public async Task Hung_Redis_fails_calls_within_the_sync_timeout_then_recovers()
    {
        await using var store = await RedisRoutingStore.ConnectAsync(Options(",syncTimeout=1000"));
        await _server.PauseAsync();

        var timer = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RoutingUnavailableException>(async () => await store.GetOffsetAsync("broker-b", "g", "T", 0));

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(4), $"the call with a 1 s timeout took {timer.ElapsedMilliseconds} ms");
        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: no reply to HGET within 1000 ms", ex.Message, StringComparison.Ordinal);
        Assert.IsType<RedisTimeoutException>(ex.InnerException);

        await _server.ResumeAsync();
        await Poll.UntilAsync(() => Poll.SucceedsAsync<RoutingUnavailableException>(() => store.GetOffsetAsync("broker-b", "g", "T", 0).AsTask()), "calls to succeed again");
    }

    [Fact]
    public async Task Connect_to_a_stopped_Redis_throws_RoutingUnavailableException_naming_it()
    {
        await _server.KillAsync();

        var ex = await Assert.ThrowsAsync<RoutingUnavailableException>(() => RedisRoutingStore.ConnectAsync(Options()));

        Assert.StartsWith($"Redis at {_server.Configuration} is unreachable: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AbortConnect_false_opens_while_Redis_is_down_and_works_once_it_is_up()
    {
        await _server.KillAsync();

        await using var store = await RedisRoutingStore.ConnectAsync(Options(",abortConnect=false"));
        await FailingCallAsync(() => store.GetTopicsAsync().AsTask());
        await _server.RestartAsync();

        await Poll.UntilAsync(() => Poll.SucceedsAsync<RoutingUnavailableException>(() => store.PutTopicAsync(new TopicConfig { TopicName = "T" }).AsTask()), "calls to succeed once Redis is up");
        Assert.NotNull(await store.GetTopicAsync("T"));
    }

    [Fact]
    public async Task Reconnected_is_raised_when_Redis_is_back()
    {
        await using var store = await RedisRoutingStore.ConnectAsync(Options());
        var reconnected = new TaskCompletionSource();
        store.Reconnected += () => reconnected.TrySetResult();

        await _server.KillAsync();
        await _server.RestartAsync();

        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    // The first call after the kill may wait for the first reconnect attempt; from then on calls fail at once.
    private static async Task<RoutingUnavailableException> FailingCallAsync(Func<Task> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await call();
            }
            catch (RoutingUnavailableException ex)
            {
                return ex;
            }
            Assert.True(DateTime.UtcNow < deadline, "calls kept succeeding after Redis was stopped");
            await Task.Delay(10);
        }
    }
}
