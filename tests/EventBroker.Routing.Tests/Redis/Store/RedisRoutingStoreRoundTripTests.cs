using EventBroker.Routing.Redis;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Store;

/// <summary>The hot path on the wire: each call is exactly one command, so one round trip; no server needed.</summary>
public sealed class RedisRoutingStoreRoundTripTests : IAsyncLifetime
{
    private readonly FakeRedisServer _server = new();
    private RedisRoutingStore _store = null!;
    private FakeConnection _commands = null!;

    public async Task InitializeAsync()
    {
        var options = new RedisRoutingOptions { Configuration = "cache:6379", KeyPrefix = "p:" };
        var connecting = RedisRoutingStore.ConnectAsync(options, null, _server.Factory, CancellationToken.None);
        _commands = await _server.AcceptAsync();
        await _commands.CompleteHandshakeAsync();
        var subscriber = await _server.AcceptAsync();
        await subscriber.CompleteHandshakeAsync();
        _store = await connecting;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string Bulk(string text) => $"${System.Text.Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";

    [Fact]
    public async Task GetTopic_is_one_HGET()
    {
        var call = _store.GetTopicAsync("T");

        await _commands.ExpectAsync("*3\r\n$4\r\nHGET\r\n$8\r\np:topics\r\n$1\r\nT\r\n");
        await _commands.ReplyAsync(Bulk("""{"topicName":"T","readQueueNums":4}"""));

        var topic = await call;
        Assert.Equal(("T", 4), (topic!.TopicName, topic.ReadQueueNums));
    }

    [Fact]
    public async Task GetOffset_is_one_HGET()
    {
        var call = _store.GetOffsetAsync("broker-b", "G", "T", 3);

        await _commands.ExpectAsync("*3\r\n$4\r\nHGET\r\n$11\r\np:offsets:G\r\n$12\r\n3@broker-b@T\r\n");
        await _commands.ReplyAsync("$2\r\n42\r\n");

        Assert.Equal(42, await call);
    }

    [Fact]
    public async Task GetOffset_of_the_first_broker_is_one_HMGET_that_also_reads_the_older_field()
    {
        var call = _store.GetOffsetAsync("broker-a", "G", "T", 3);

        Assert.Equal(["HMGET", "p:offsets:G", "3@broker-a@T", "3@T"], await _commands.ReadCommandAsync());
        await _commands.ReplyAsync("*2\r\n$-1\r\n$2\r\n41\r\n");

        Assert.Equal(41, await call);
    }

    [Fact]
    public async Task CommitOffset_is_one_EVALSHA()
    {
        var call = _store.CommitOffsetAsync("broker-a", "G", "T", 3, 43);

        Assert.Equal(["EVALSHA", RoutingScripts.CommitOffset.Sha1, "2", "p:offsets:G", "p:offset-groups:T", "3@broker-a@T", "43", "G", "3@T"], await _commands.ReadCommandAsync());
        await _commands.ReplyAsync(":0\r\n");

        await call;
    }

    [Fact]
    public async Task Error_reply_becomes_RoutingUnavailableException_naming_Redis_and_the_error()
    {
        var call = _store.GetTopicAsync("T");
        await _commands.ReadCommandAsync();

        await _commands.ReplyAsync("-LOADING Redis is loading the dataset in memory\r\n");

        var ex = await Assert.ThrowsAsync<RoutingUnavailableException>(async () => await call);
        Assert.Equal("Redis at cache:6379 refused HGET: LOADING Redis is loading the dataset in memory", ex.Message);
    }
}
