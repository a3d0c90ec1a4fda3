using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>What a new connection sends, byte for byte, and how it takes the server's answers; no server needed.</summary>
public sealed class HandshakeRoundTripTests
{
    private readonly FakeRedisServer _server = new();

    private Task<RedisConnection> ConnectAsync(string configuration)
        => RedisConnection.ConnectAsync(RedisOptions.Parse(configuration), null, _server.Factory, CancellationToken.None);

    [Fact]
    public async Task Default_handshake_is_HELLO_3_then_ROLE()
    {
        var connecting = ConnectAsync("cache:6379");
        var server = await _server.AcceptAsync();

        await server.ExpectAsync("*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n");
        await server.ReplyAsync("%1\r\n$5\r\nproto\r\n:3\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
        await using var redis = await connecting;

        Assert.Equal("cache:6379", redis.Endpoint);
        Assert.Equal(new RedisEndpoint("cache", 6379), Assert.Single(_server.Opened));
    }

    [Fact]
    public async Task Credentials_and_name_ride_on_HELLO_and_SELECT_follows()
    {
        var connecting = ConnectAsync("cache:6379,user=app,password=s3cret,name=gw-1,defaultDatabase=2");
        var server = await _server.AcceptAsync();

        await server.ExpectAsync("*7\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$6\r\ns3cret\r\n$7\r\nSETNAME\r\n$4\r\ngw-1\r\n");
        await server.ReplyAsync("%1\r\n$5\r\nproto\r\n:3\r\n");
        await server.ExpectAsync("*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n");
        await server.ReplyAsync("+OK\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");

        await using var redis = await connecting;
    }

    [Fact]
    public async Task Password_alone_authenticates_the_default_user()
    {
        var connecting = ConnectAsync("cache:6379,password=pw");
        var server = await _server.AcceptAsync();

        await server.ExpectAsync("*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$2\r\npw\r\n");
        await server.ReplyAsync("%0\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");

        await using var redis = await connecting;
    }

    [Fact]
    public async Task Server_without_HELLO_gets_AUTH_and_CLIENT_SETNAME_in_RESP2()
    {
        var connecting = ConnectAsync("old:6379,password=pw,name=gw-1");
        var server = await _server.AcceptAsync();

        await server.ExpectAsync("*7\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$2\r\npw\r\n$7\r\nSETNAME\r\n$4\r\ngw-1\r\n");
        await server.ReplyAsync("-ERR unknown command 'HELLO', with args beginning with: '3'\r\n");
        await server.ExpectAsync("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n");
        await server.ReplyAsync("+OK\r\n");
        await server.ExpectAsync("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$4\r\ngw-1\r\n");
        await server.ReplyAsync("+OK\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("-ERR unknown command 'ROLE'\r\n");

        await using var redis = await connecting;
        var getting = redis.ExecuteAsync("GET", "k");
        await server.ExpectAsync("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        await server.ReplyAsync("$1\r\nv\r\n");
        Assert.Equal("v", (await getting).AsString());
    }

    [Fact]
    public async Task NOPROTO_falls_back_to_RESP2()
    {
        var connecting = ConnectAsync("cache:6379,user=u,password=p");
        var server = await _server.AcceptAsync();

        await server.ReadCommandAsync();
        await server.ReplyAsync("-NOPROTO sorry, this protocol version is not supported\r\n");
        await server.ExpectAsync("*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$1\r\np\r\n");
        await server.ReplyAsync("+OK\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");

        await using var redis = await connecting;
    }

    [Fact]
    public async Task Protocol_resp2_skips_HELLO()
    {
        var connecting = ConnectAsync("cache:6379,password=pw,protocol=resp2");
        var server = await _server.AcceptAsync();

        await server.ExpectAsync("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n");
        await server.ReplyAsync("+OK\r\n");
        await server.ExpectAsync("*1\r\n$4\r\nROLE\r\n");
        await server.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");

        await using var redis = await connecting;
    }

    [Fact]
    public async Task Wrong_password_fails_the_connect_with_the_servers_reason()
    {
        var connecting = ConnectAsync("cache:6379,password=wrong");
        var server = await _server.AcceptAsync();

        await server.ReadCommandAsync();
        await server.ReplyAsync("-WRONGPASS invalid username-password pair or user is disabled.\r\n");

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => connecting);
        Assert.Contains("Redis at cache:6379 refused the connection: WRONGPASS", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_fails_the_connect_naming_the_server_and_the_reason()
    {
        _server.Refusing.Add(new RedisEndpoint("cache", 6379));

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync("cache:6379"));

        Assert.StartsWith("Redis at cache:6379 is unreachable: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Silent_server_fails_the_connect_after_the_connect_timeout()
    {
        var connecting = ConnectAsync("cache:6379,connectTimeout=200");
        await _server.AcceptAsync();

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => connecting);

        Assert.Contains("within the connect timeout of 200 ms", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_endpoints_skip_a_replica_and_use_the_master()
    {
        var connecting = ConnectAsync("replica:6379,primary:6379");
        var replica = await _server.AcceptAsync();
        await replica.CompleteHandshakeAsync(role: "slave");
        var primary = await _server.AcceptAsync();
        await primary.CompleteHandshakeAsync(role: "master");

        await using var redis = await connecting;

        Assert.Equal("primary:6379", redis.Endpoint);
        Assert.True(replica.ClosedByClient);
    }

    [Fact]
    public async Task AbortConnect_false_returns_at_once_and_connects_in_the_background()
    {
        _server.Refusing.Add(new RedisEndpoint("cache", 6379));
        var options = RedisOptions.Parse("cache:6379,abortConnect=false") with { ReconnectBaseDelay = TimeSpan.FromMilliseconds(10), ReconnectMaxDelay = TimeSpan.FromMilliseconds(50) };

        await using var redis = await RedisConnection.ConnectAsync(options, null, _server.Factory, CancellationToken.None);
        await Eventually(() => _server.Opened.Count >= 2);
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(async () => await redis.ExecuteAsync("PING"));
        Assert.StartsWith("Redis at cache:6379 is unreachable", ex.Message, StringComparison.Ordinal);

        _server.Refusing.Clear();
        var server = await _server.AcceptAsync();
        await server.CompleteHandshakeAsync();
        await Eventually(() => redis.IsConnected);
        var ping = redis.ExecuteAsync("PING");
        await server.ExpectAsync("*1\r\n$4\r\nPING\r\n");
        await server.ReplyAsync("+PONG\r\n");
        Assert.Equal("PONG", (await ping).AsString());
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
