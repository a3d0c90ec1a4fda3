using System.Text;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>The pub/sub connection under RESP2 (message arrays) and RESP3 (push frames); no server needed.</summary>
public sealed class SubscriberRoundTripTests
{
    private readonly FakeRedisServer _server = new();

    private async Task<(RedisSubscriber Subscriber, FakeConnection Connection)> ConnectAsync(RedisProtocol protocol)
    {
        var options = RedisOptions.Parse($"cache:6379,protocol={protocol.ToString().ToLowerInvariant()}") with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        var connecting = RedisSubscriber.ConnectAsync(options, null, _server.Factory, CancellationToken.None);
        var connection = await _server.AcceptAsync();
        await HandshakeAsync(connection, protocol);
        return (await connecting, connection);
    }

    private static async Task HandshakeAsync(FakeConnection connection, RedisProtocol protocol)
    {
        if (protocol == RedisProtocol.Resp3)
        {
            await connection.CompleteHandshakeAsync();
            return;
        }
        Assert.Equal(["ROLE"], await connection.ReadCommandAsync());
        await connection.ReplyAsync("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
    }

    private static string Frame(RedisProtocol protocol, params string[] parts)
        => (protocol == RedisProtocol.Resp3 ? ">" : "*") + parts.Length + "\r\n" + string.Concat(parts.Select(p => $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n"));

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Subscribe_waits_for_the_confirmation_then_messages_reach_the_handler(RedisProtocol protocol)
    {
        var (subscriber, server) = await ConnectAsync(protocol);
        await using var owned = subscriber;
        var received = new MessageCollector();

        var subscribing = subscriber.SubscribeAsync("ch", received.Handle);
        await server.ExpectAsync("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n");
        Assert.False(subscribing.IsCompleted);
        await server.ReplyAsync(Confirmation(protocol, "ch", 1));
        await subscribing;

        await server.ReplyAsync(Frame(protocol, "message", "ch", "hello"));
        await server.ReplyAsync(Frame(protocol, "message", "ch", "world"));

        Assert.Equal("hello", Encoding.UTF8.GetString(await received.NextAsync()));
        Assert.Equal("world", Encoding.UTF8.GetString(await received.NextAsync()));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Every_channel_is_subscribed_again_after_a_reconnect(RedisProtocol protocol)
    {
        var (subscriber, server) = await ConnectAsync(protocol);
        await using var owned = subscriber;
        var received = new MessageCollector();
        foreach (var channel in new[] { "a", "b" })
        {
            var subscribing = subscriber.SubscribeAsync(channel, received.Handle);
            await server.ReadCommandAsync();
            await server.ReplyAsync(Confirmation(protocol, channel, 1));
            await subscribing;
        }

        server.Close();
        var replacement = await _server.AcceptAsync();
        await HandshakeAsync(replacement, protocol);

        var resubscribed = new[] { await replacement.ReadCommandAsync(), await replacement.ReadCommandAsync() };
        Assert.Equal([["SUBSCRIBE", "a"], ["SUBSCRIBE", "b"]], resubscribed.OrderBy(c => c[1]));
        await replacement.ReplyAsync(Confirmation(protocol, "a", 1) + Confirmation(protocol, "b", 2));
        await replacement.ReplyAsync(Frame(protocol, "message", "b", "after"));
        Assert.Equal("after", Encoding.UTF8.GetString(await received.NextAsync()));
    }

    [Fact]
    public async Task Disposing_the_last_handler_unsubscribes_and_stops_deliveries()
    {
        var (subscriber, server) = await ConnectAsync(RedisProtocol.Resp2);
        await using var owned = subscriber;
        var (kept, gone) = (new MessageCollector(), new MessageCollector());
        var first = subscriber.SubscribeAsync("ch", gone.Handle);
        await server.ReadCommandAsync();
        await server.ReplyAsync(Confirmation(RedisProtocol.Resp2, "ch", 1));
        var goneSubscription = await first;
        // A second handler on the same channel needs no command.
        var keptSubscription = await subscriber.SubscribeAsync("ch", kept.Handle);

        await goneSubscription.DisposeAsync();
        await server.ReplyAsync(Frame(RedisProtocol.Resp2, "message", "ch", "one"));
        Assert.Equal("one", Encoding.UTF8.GetString(await kept.NextAsync()));
        Assert.False(gone.TryTake(out _));

        var unsubscribing = keptSubscription.DisposeAsync().AsTask();
        await server.ExpectAsync("*2\r\n$11\r\nUNSUBSCRIBE\r\n$2\r\nch\r\n");
        await server.ReplyAsync("*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n");
        await unsubscribing;
    }

    [Fact]
    public async Task Handler_that_throws_does_not_stop_the_others()
    {
        var (subscriber, server) = await ConnectAsync(RedisProtocol.Resp3);
        await using var owned = subscriber;
        var received = new MessageCollector();
        var subscribing = subscriber.SubscribeAsync("ch", _ => throw new InvalidOperationException("faulty handler"));
        await server.ReadCommandAsync();
        await server.ReplyAsync(Confirmation(RedisProtocol.Resp3, "ch", 1));
        await subscribing;
        await subscriber.SubscribeAsync("ch", received.Handle);

        await server.ReplyAsync(Frame(RedisProtocol.Resp3, "message", "ch", "still"));

        Assert.Equal("still", Encoding.UTF8.GetString(await received.NextAsync()));
    }

    [Fact]
    public async Task Refused_subscription_throws_and_leaves_no_handler()
    {
        var (subscriber, server) = await ConnectAsync(RedisProtocol.Resp3);
        await using var owned = subscriber;

        var subscribing = subscriber.SubscribeAsync("secret", _ => { });
        await server.ReadCommandAsync();
        await server.ReplyAsync("-NOPERM this user has no permissions to access the 'secret' channel\r\n");

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => subscribing);
        Assert.Equal("NOPERM", ex.Prefix);
        Assert.Empty(subscriber.Channels);
    }

    // (p)subscribe confirmations end with the subscription count, an integer.
    private static string Confirmation(RedisProtocol protocol, string channel, int count)
        => (protocol == RedisProtocol.Resp3 ? ">" : "*") + $"3\r\n$9\r\nsubscribe\r\n${channel.Length}\r\n{channel}\r\n:{count}\r\n";
}
