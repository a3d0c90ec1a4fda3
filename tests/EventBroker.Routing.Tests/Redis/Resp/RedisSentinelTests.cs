using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Sentinel discovery against a real redis-server --sentinel, and following a real failover.</summary>
public sealed class RedisSentinelTests : IAsyncLifetime
{
    private RedisSentinelSetup _setup = null!;

    public async Task InitializeAsync() => _setup = await RedisSentinelSetup.StartAsync();

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task ServiceName_connects_to_the_master_the_Sentinel_names()
    {
        await using var redis = await RedisConnection.ConnectAsync(RedisOptions.Parse(_setup.Configuration));

        Assert.Equal(_setup.Master.Configuration, redis.Endpoint);
        Assert.Equal("OK", (await redis.ExecuteAsync("SET", "sentinel-key", "v")).AsString());
        Assert.Equal("master", (await redis.ExecuteAsync("ROLE")).Items[0].AsString());
    }

    [Fact]
    public async Task Unknown_service_name_fails_naming_the_Sentinel_answer()
    {
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync(RedisOptions.Parse($"{_setup.Sentinel.Configuration},serviceName=nobody")));

        Assert.Contains($"{_setup.Sentinel.Configuration} does not know 'nobody'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failover_the_connection_and_subscriptions_move_to_the_promoted_replica()
    {
        var options = RedisOptions.Parse($"{_setup.Configuration},syncTimeout=2000") with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        await using var redis = await RedisConnection.ConnectAsync(options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(options);
        var received = new MessageCollector();
        await using var subscription = await subscriber.SubscribeAsync("failover-ch", received.Handle);
        await redis.ExecuteAsync("SET", "before-failover", "kept");
        await using (var sentinel = await RedisConnection.ConnectAsync(RedisOptions.Parse(_setup.Sentinel.Configuration)))
            await WaitForReplicaAsync(sentinel);
        // The replica must have the write before the master goes, or the failover would lose it. WAIT blocks on
        // the server, so each try stays well inside the sync timeout.
        await WaitUntilAsync(async () => (await redis.ExecuteAsync("WAIT", 1, 500)).AsInt64() >= 1, TimeSpan.FromSeconds(30));

        await _setup.Master.KillAsync();

        await WaitUntilAsync(async () => redis.Endpoint == _setup.Replica.Configuration
            && (await redis.ExecuteAsync("ROLE")).Items[0].AsString() == "master", TimeSpan.FromSeconds(60));
        Assert.Equal("kept", (await redis.ExecuteAsync("GET", "before-failover")).AsString());
        Assert.Equal("OK", (await redis.ExecuteAsync("SET", "after-failover", "v")).AsString());
        await WaitUntilAsync(() => Task.FromResult(subscriber.IsConnected && subscriber.Endpoint == _setup.Replica.Configuration), TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await redis.ExecuteAsync("PUBLISH", "failover-ch", "moved")).AsInt64());
        Assert.Equal("moved", System.Text.Encoding.UTF8.GetString(await received.NextAsync()));
    }

    // The Sentinel learns of replicas from the master's INFO, every ten seconds at first.
    private static Task WaitForReplicaAsync(RedisConnection sentinel) => WaitUntilAsync(async () =>
    {
        var replicas = await sentinel.ExecuteAsync("SENTINEL", "replicas", RedisSentinelSetup.ServiceName);
        return replicas.Items.Count == 1 && replicas.Items[0].Items.Any(i => i.AsString() == "slave");
    }, TimeSpan.FromSeconds(30));

    // Calls fail while the failover is under way; that counts as "not yet".
    private static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout) => Poll.UntilAsync(async () =>
    {
        try
        {
            return await condition();
        }
        catch (RedisException)
        {
            return false;
        }
    }, "the Sentinel setup to reach the expected state", timeout);
}
