using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Commands on an open connection: exact request bytes, canned replies, pipelining, failures; no server needed.</summary>
public sealed class CommandRoundTripTests : IAsyncLifetime
{
    private readonly FakeRedisServer _server = new();
    private RedisConnection _redis = null!;
    private FakeConnection _connection = null!;

    public async Task InitializeAsync() => (_redis, _connection) = await OpenAsync(syncTimeoutMs: 5000);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private async Task<(RedisConnection, FakeConnection)> OpenAsync(int syncTimeoutMs)
    {
        var options = RedisOptions.Parse($"cache:6379,syncTimeout={syncTimeoutMs}") with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        var connecting = RedisConnection.ConnectAsync(options, null, _server.Factory, CancellationToken.None);
        var connection = await _server.AcceptAsync();
        await connection.CompleteHandshakeAsync();
        return (await connecting, connection);
    }

    [Fact]
    public async Task Request_bytes_and_canned_reply_give_the_typed_result()
    {
        var call = _redis.ExecuteAsync("HGETALL", "h");

        await _connection.ExpectAsync("*2\r\n$7\r\nHGETALL\r\n$1\r\nh\r\n");
        await _connection.ReplyAsync("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n");

        var reply = await call;
        Assert.Equal(RespType.Map, reply.Type);
        Assert.Equal(["a", "1", "b", null], reply.Items.Select(i => i.AsString()));
    }

    [Fact]
    public async Task Pipelined_commands_are_written_in_issue_order_and_each_gets_its_own_reply()
    {
        var first = _redis.ExecuteAsync("GET", "a");
        var second = _redis.ExecuteAsync("GET", "b");
        var third = _redis.ExecuteAsync("GET", "c");

        // All three are on the wire before any reply.
        await _connection.ExpectAsync("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n*2\r\n$3\r\nGET\r\n$1\r\nc\r\n");
        await _connection.ReplyAsync("$2\r\nva\r\n$-1\r\n$2\r\nvc\r\n");

        Assert.Equal("va", (await first).AsString());
        Assert.True((await second).IsNull);
        Assert.Equal("vc", (await third).AsString());
    }

    [Fact]
    public async Task Reply_arriving_one_byte_at_a_time_completes_once_whole()
    {
        var call = _redis.ExecuteAsync("LRANGE", "l", 0, -1);
        await _connection.ReadCommandAsync();

        foreach (var b in "*2\r\n$3\r\none\r\n$3\r\ntwo\r\n"u8.ToArray())
        {
            Assert.False(call.IsCompleted);
            await _connection.ReplyAsync([b]);
        }

        Assert.Equal(["one", "two"], (await call).Items.Select(i => i.AsString()));
    }

    [Fact]
    public async Task Error_reply_throws_RedisServerException_with_its_prefix()
    {
        var call = _redis.ExecuteAsync("INCR", "k");
        await _connection.ReadCommandAsync();
        await _connection.ReplyAsync("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");

        var ex = await Assert.ThrowsAsync<RedisServerException>(async () => await call);
        Assert.Equal("WRONGTYPE", ex.Prefix);
        Assert.Equal("INCR", ex.Command);
    }

    [Fact]
    public async Task Error_inside_an_array_stays_a_value()
    {
        var call = _redis.ExecuteAsync("EXEC");
        await _connection.ReadCommandAsync();
        await _connection.ReplyAsync("*2\r\n+OK\r\n-ERR value is not an integer\r\n");

        var reply = await call;
        Assert.True(reply.Items[1].IsError);
    }

    [Fact]
    public async Task RESP3_push_is_out_of_band_and_never_taken_as_a_reply()
    {
        var call = _redis.ExecuteAsync("GET", "k");
        await _connection.ReadCommandAsync();

        await _connection.ReplyAsync(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n$1\r\nv\r\n");

        Assert.Equal("v", (await call).AsString());
        Assert.True(_redis.IsConnected);
    }

    [Fact]
    public async Task EvalAsync_sends_EVALSHA_then_EVAL_after_NOSCRIPT()
    {
        var script = new RedisScript("return ARGV[1]");
        var call = _redis.EvalAsync(script, ["k"], ["v"]);

        await _connection.ExpectAsync($"*5\r\n$7\r\nEVALSHA\r\n$40\r\n{script.Sha1}\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\nv\r\n");
        await _connection.ReplyAsync("-NOSCRIPT No matching script. Please use EVAL.\r\n");
        await _connection.ExpectAsync("*5\r\n$4\r\nEVAL\r\n$14\r\nreturn ARGV[1]\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\nv\r\n");
        await _connection.ReplyAsync("$1\r\nv\r\n");

        Assert.Equal("v", (await call).AsString());
    }

    [Fact]
    public void Script_sha_is_the_sha1_of_its_text()
        => Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", new RedisScript("return 1").Sha1);

    [Fact]
    public async Task Slow_continuation_of_one_caller_does_not_hold_up_the_next_reply()
    {
        var release = new TaskCompletionSource();
        var first = Task.Run(async () =>
        {
            var reply = await _redis.ExecuteAsync("GET", "a");
            // Were this continuation on the reader loop, the second reply could not be read until it ended.
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return reply;
        });
        await _connection.ReadCommandAsync();
        var second = _redis.ExecuteAsync("GET", "b");
        await _connection.ReadCommandAsync();

        await _connection.ReplyAsync("$1\r\na\r\n$1\r\nb\r\n");

        Assert.Equal("b", (await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).AsString());
        release.SetResult();
        Assert.Equal("a", (await first).AsString());
    }

    [Fact]
    public async Task Server_closing_the_connection_fails_every_waiting_command()
    {
        var first = _redis.ExecuteAsync("GET", "a");
        var second = _redis.ExecuteAsync("GET", "b");
        await _connection.ReadCommandAsync();
        await _connection.ReadCommandAsync();

        _connection.Close();

        foreach (var call in new[] { first, second })
        {
            var ex = await Assert.ThrowsAsync<RedisConnectionException>(async () => await call);
            Assert.Equal("Redis at cache:6379 is unreachable: it closed the connection", ex.Message);
        }
    }

    [Fact]
    public async Task Reply_with_no_command_waiting_drops_the_connection_and_a_new_one_is_opened()
    {
        var call = _redis.ExecuteAsync("GET", "a");
        await _connection.ReadCommandAsync();

        await _connection.ReplyAsync("$1\r\na\r\n+UNEXPECTED\r\n");

        Assert.Equal("a", (await call).AsString());
        var replacement = await _server.AcceptAsync();
        await replacement.CompleteHandshakeAsync();
        Assert.True(_connection.ClosedByClient);
    }

    [Fact]
    public async Task Malformed_reply_fails_the_command_and_reconnects()
    {
        var call = _redis.ExecuteAsync("GET", "a");
        await _connection.ReadCommandAsync();

        await _connection.ReplyAsync("?garbage\r\n");

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(async () => await call);
        Assert.Contains("Unexpected RESP type byte", ex.Message, StringComparison.Ordinal);
        var replacement = await _server.AcceptAsync();
        await replacement.CompleteHandshakeAsync();
    }

    [Fact]
    public async Task Silent_server_times_the_command_out_and_the_connection_is_replaced()
    {
        var (redis, connection) = await OpenAsync(syncTimeoutMs: 300);
        await using var owned = redis;
        var call = redis.ExecuteAsync("GET", "a");
        await connection.ReadCommandAsync();

        var ex = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await call);

        Assert.StartsWith("Redis at cache:6379 is unreachable: no reply to GET within 300 ms", ex.Message, StringComparison.Ordinal);
        var replacement = await _server.AcceptAsync();
        await replacement.CompleteHandshakeAsync();
    }

    [Fact]
    public async Task Timed_out_command_of_a_live_server_keeps_the_connection_and_its_late_reply_is_consumed()
    {
        var (redis, connection) = await OpenAsync(syncTimeoutMs: 300);
        await using var owned = redis;
        var answered = redis.ExecuteAsync("GET", "a");
        await connection.ReadCommandAsync();
        var late = redis.ExecuteAsync("GET", "late");
        await connection.ReadCommandAsync();
        // The server answers the first command, so it is alive: the second one's timeout must not cost the connection.
        await connection.ReplyAsync("$1\r\na\r\n");

        Assert.Equal("a", (await answered).AsString());
        await Assert.ThrowsAsync<RedisTimeoutException>(async () => await late);
        var next = redis.ExecuteAsync("GET", "next");
        await connection.ReadCommandAsync();
        await connection.ReplyAsync("$4\r\nlate\r\n$4\r\nnext\r\n");

        Assert.Equal("next", (await next).AsString());
        Assert.False(connection.ClosedByClient);
    }

    [Fact]
    public async Task Commands_issued_while_reconnecting_are_held_back_and_sent_in_order()
    {
        _connection.Close();
        var replacement = await _server.AcceptAsync();
        var first = _redis.ExecuteAsync("SET", "k", "1");
        var second = _redis.ExecuteAsync("SET", "k", "2");

        await replacement.CompleteHandshakeAsync();

        await replacement.ExpectAsync("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n2\r\n");
        await replacement.ReplyAsync("+OK\r\n+OK\r\n");
        Assert.Equal("OK", (await first).AsString());
        Assert.Equal("OK", (await second).AsString());
    }

    [Fact]
    public async Task Redis_down_fails_calls_at_once_and_they_succeed_when_it_is_back()
    {
        _server.Refusing.Add(new RedisEndpoint("cache", 6379));
        _connection.Close();
        await WaitAsync(() => _server.Opened.Count >= 3);

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(async () => await _redis.ExecuteAsync("PING"));

        // The reason is the refused attempt, not a wait for the 5 s sync timeout.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(2500), "a call while Redis is down fails at once, not after the sync timeout");
        Assert.StartsWith("Redis at cache:6379 is unreachable: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);

        _server.Refusing.Clear();
        var replacement = await _server.AcceptAsync();
        await replacement.CompleteHandshakeAsync();
        await WaitAsync(() => _redis.IsConnected);
        var ping = _redis.ExecuteAsync("PING");
        await replacement.ReadCommandAsync();
        await replacement.ReplyAsync("+PONG\r\n");
        Assert.Equal("PONG", (await ping).AsString());
    }

    [Fact]
    public async Task Cancelled_call_throws_and_its_late_reply_is_still_consumed()
    {
        using var cancel = new CancellationTokenSource();
        var call = _redis.ExecuteAsync("GET", ["a"], cancel.Token);
        await _connection.ReadCommandAsync();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);

        var next = _redis.ExecuteAsync("GET", "b");
        await _connection.ReadCommandAsync();
        await _connection.ReplyAsync("$1\r\na\r\n$1\r\nb\r\n");
        Assert.Equal("b", (await next).AsString());
    }

    [Fact]
    public async Task Disposed_connection_fails_calls()
    {
        await _redis.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _redis.ExecuteAsync("PING"));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
