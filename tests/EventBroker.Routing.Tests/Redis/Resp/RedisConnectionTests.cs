using System.Text;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>The command connection against a real redis-server, under both protocols.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisConnectionTests(RedisServerFixture fixture) : IAsyncLifetime
{
    private readonly List<RedisConnection> _connections = [];

    private string Key(string name) => $"{fixture.RunPrefix}{name}:{Guid.NewGuid():N}";

    private async Task<RedisConnection> ConnectAsync(Func<RedisOptions, RedisOptions>? configure = null)
    {
        var connection = await RedisConnection.ConnectAsync(configure is null ? fixture.Options : configure(fixture.Options));
        _connections.Add(connection);
        return connection;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Set_then_Get_returns_the_bytes(RedisProtocol? protocol)
    {
        var redis = await ConnectAsync(o => o with { Protocol = protocol });
        var key = Key("k");
        byte[] value = [0, 1, 2, 0xFF, (byte)'\r', (byte)'\n'];

        Assert.Equal("OK", (await redis.ExecuteAsync("SET", key, value)).AsString());

        Assert.Equal(value, (await redis.ExecuteAsync("GET", key)).AsBytes());
        Assert.True((await redis.ExecuteAsync("GET", Key("absent"))).IsNull);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2, RespType.Array)]
    [InlineData(RedisProtocol.Resp3, RespType.Map)]
    public async Task HGETALL_reads_alike_as_a_RESP2_array_or_a_RESP3_map(RedisProtocol protocol, RespType expected)
    {
        var redis = await ConnectAsync(o => o with { Protocol = protocol });
        var key = Key("h");
        await redis.ExecuteAsync("HSET", key, "a", "1", "b", "2");

        var reply = await redis.ExecuteAsync("HGETALL", key);

        Assert.Equal(expected, reply.Type);
        var pairs = reply.Items.Chunk(2).ToDictionary(p => p[0].AsString()!, p => p[1].AsInt64());
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, pairs);
    }

    [Fact]
    public async Task Default_protocol_is_RESP3_when_the_server_has_HELLO()
    {
        var redis = await ConnectAsync();
        var key = Key("z");
        await redis.ExecuteAsync("ZADD", key, 1.5, "m");

        // ZSCORE is a RESP3 double, not RESP2's bulk string.
        var score = await redis.ExecuteAsync("ZSCORE", key, "m");

        Assert.Equal(RespType.Double, score.Type);
        Assert.Equal(1.5, score.AsDouble());
    }

    [Fact]
    public async Task Ten_thousand_pipelined_commands_each_get_their_own_reply()
    {
        var redis = await ConnectAsync();
        var key = Key("counter");

        var replies = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(_ => redis.ExecuteAsync("INCR", key).AsTask()));

        // INCR's replies are 1..10000 in the order the commands were queued: each caller got its own.
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), replies.Select(r => r.AsInt64()));
        Assert.Equal(10_000, (await redis.ExecuteAsync("GET", key)).AsInt64());
    }

    [Fact]
    public async Task Concurrent_callers_on_one_connection_get_their_own_replies()
    {
        var redis = await ConnectAsync();
        var prefix = Key("c");

        await Task.WhenAll(Enumerable.Range(0, 32).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                var value = $"{worker}-{i}";
                await redis.ExecuteAsync("SET", $"{prefix}:{worker}", value);
                Assert.Equal(value, (await redis.ExecuteAsync("GET", $"{prefix}:{worker}")).AsString());
            }
        })));
    }

    [Fact]
    public async Task Error_reply_throws_RedisServerException_and_the_connection_stays_usable()
    {
        var redis = await ConnectAsync();
        var key = Key("s");
        await redis.ExecuteAsync("SET", key, "text");

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.ExecuteAsync("INCR", key));

        Assert.Equal("ERR", error.Prefix);
        Assert.Equal("INCR", error.Command);
        Assert.Equal("text", (await redis.ExecuteAsync("GET", key)).AsString());
    }

    [Fact]
    public async Task EvalAsync_runs_by_EVALSHA_and_falls_back_to_EVAL_after_SCRIPT_FLUSH()
    {
        var redis = await ConnectAsync();
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        var key = Key("script");

        Assert.Equal(2, (await redis.EvalAsync(script, [key], [2])).AsInt64());
        Assert.Equal(1, (await redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).Items[0].AsInt64());
        await redis.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(0, (await redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).Items[0].AsInt64());

        Assert.Equal(5, (await redis.EvalAsync(script, [key], [3])).AsInt64());

        // EVAL cached it again, so the next call is an EVALSHA hit.
        Assert.Equal(1, (await redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).Items[0].AsInt64());
    }

    [Fact]
    public async Task DefaultDatabase_selects_the_database()
    {
        var key = Key("db");
        var db3 = await ConnectAsync(o => o with { DefaultDatabase = 3 });
        var db0 = await ConnectAsync();

        await db3.ExecuteAsync("SET", key, "in-3");

        Assert.Equal("in-3", (await db3.ExecuteAsync("GET", key)).AsString());
        Assert.True((await db0.ExecuteAsync("GET", key)).IsNull);
        var parsed = await ConnectAsync(_ => RedisOptions.Parse($"{fixture.Server.Configuration},defaultDatabase=3"));
        Assert.Equal("in-3", (await parsed.ExecuteAsync("GET", key)).AsString());
    }

    [Fact]
    public async Task ClientName_is_set_on_the_connection()
    {
        var redis = await ConnectAsync(o => o with { ClientName = "eventbroker-test" });

        Assert.Equal("eventbroker-test", (await redis.ExecuteAsync("CLIENT", "GETNAME")).AsString());
    }

    [Fact]
    public async Task Large_values_cross_many_socket_reads_intact()
    {
        var redis = await ConnectAsync();
        var key = Key("big");
        var value = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(value);

        await redis.ExecuteAsync("SET", key, value);

        Assert.Equal(value, (await redis.ExecuteAsync("GET", key)).AsBytes());
    }

    [Fact]
    public async Task Utf8_text_round_trips()
    {
        var redis = await ConnectAsync();
        var key = Key("utf8");

        await redis.ExecuteAsync("SET", key, "grüße, 世界");

        Assert.Equal("grüße, 世界", (await redis.ExecuteAsync("GET", key)).AsString());
        Assert.Equal(Encoding.UTF8.GetByteCount("grüße, 世界"), (await redis.ExecuteAsync("STRLEN", key)).AsInt64());
    }
}
