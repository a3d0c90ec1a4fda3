using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Sentinel discovery, byte for byte; no server needed (SentinelTests runs a real Sentinel).</summary>
public sealed class SentinelRoundTripTests
{
    private readonly FakeRedisServer _server = new();

    [Fact]
    public async Task ServiceName_asks_the_Sentinel_for_the_master_and_connects_there()
    {
        var connecting = RedisConnection.ConnectAsync(RedisOptions.Parse("sentinel-1,serviceName=mymaster"), null, _server.Factory, CancellationToken.None);

        var sentinel = await _server.AcceptAsync();
        Assert.Equal(new RedisEndpoint("sentinel-1", 26379), sentinel.Endpoint);
        await sentinel.ExpectAsync("*3\r\n$8\r\nSENTINEL\r\n$23\r\nget-master-addr-by-name\r\n$8\r\nmymaster\r\n");
        await sentinel.ReplyAsync("*2\r\n$8\r\n10.0.0.5\r\n$4\r\n6380\r\n");
        var master = await _server.AcceptAsync();
        await master.CompleteHandshakeAsync();
        await using var redis = await connecting;

        Assert.Equal(new RedisEndpoint("10.0.0.5", 6380), master.Endpoint);
        Assert.Equal("10.0.0.5:6380", redis.Endpoint);
        Assert.True(sentinel.ClosedByClient, "the Sentinel connection is only for the question");
    }

    [Fact]
    public async Task A_Sentinel_that_is_down_or_does_not_know_the_master_is_skipped()
    {
        _server.Refusing.Add(new RedisEndpoint("s1", 26379));
        var connecting = RedisConnection.ConnectAsync(RedisOptions.Parse("s1:26379,s2:26379,s3:26379,serviceName=mymaster"), null, _server.Factory, CancellationToken.None);

        var unaware = await _server.AcceptAsync();
        await unaware.ReadCommandAsync();
        await unaware.ReplyAsync("*-1\r\n");
        var aware = await _server.AcceptAsync();
        Assert.Equal(new RedisEndpoint("s3", 26379), aware.Endpoint);
        await aware.ReadCommandAsync();
        await aware.ReplyAsync("*2\r\n$9\r\n127.0.0.1\r\n$4\r\n6390\r\n");
        var master = await _server.AcceptAsync();
        await master.CompleteHandshakeAsync();

        await using var redis = await connecting;
        Assert.Equal("127.0.0.1:6390", redis.Endpoint);
    }

    [Fact]
    public async Task No_Sentinel_knowing_the_master_fails_with_every_reason()
    {
        var connecting = RedisConnection.ConnectAsync(RedisOptions.Parse("s1:26379,serviceName=mymaster"), null, _server.Factory, CancellationToken.None);
        var sentinel = await _server.AcceptAsync();
        await sentinel.ReadCommandAsync();
        await sentinel.ReplyAsync("_\r\n");

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => connecting);

        Assert.Equal("Redis at mymaster via Sentinel s1:26379 is unreachable: no Sentinel named the master (s1:26379 does not know 'mymaster')", ex.Message);
    }

    [Fact]
    public async Task A_master_address_that_answers_as_a_replica_is_refused()
    {
        var connecting = RedisConnection.ConnectAsync(RedisOptions.Parse("s1:26379,serviceName=mymaster"), null, _server.Factory, CancellationToken.None);
        var sentinel = await _server.AcceptAsync();
        await sentinel.ReadCommandAsync();
        await sentinel.ReplyAsync("*2\r\n$9\r\n127.0.0.1\r\n$4\r\n6390\r\n");
        var stale = await _server.AcceptAsync();
        await stale.CompleteHandshakeAsync(role: "slave");

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => connecting);

        Assert.Equal("Redis at 127.0.0.1:6390 is a slave, not a master", ex.Message);
    }
}
