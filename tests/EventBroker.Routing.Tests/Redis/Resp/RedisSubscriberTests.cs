using System.Text;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Pub/sub against the shared real server, under both protocols.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSubscriberTests(RedisServerFixture fixture)
{
    private string Channel(string name) => $"{fixture.RunPrefix}{name}:{Guid.NewGuid():N}";

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Published_messages_arrive_in_order_with_their_bytes(RedisProtocol protocol)
    {
        var options = fixture.Options with { Protocol = protocol };
        await using var redis = await RedisConnection.ConnectAsync(options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(options);
        var channel = Channel("ordered");
        var received = new MessageCollector();
        await using var subscription = await subscriber.SubscribeAsync(channel, received.Handle);

        var publishes = Enumerable.Range(0, 1000).Select(i => redis.ExecuteAsync("PUBLISH", channel, $"m{i}").AsTask()).ToList();
        await Task.WhenAll(publishes);
        await redis.ExecuteAsync("PUBLISH", channel, new byte[] { 0, 13, 10, 255 });

        for (var i = 0; i < 1000; i++)
            Assert.Equal($"m{i}", Encoding.UTF8.GetString(await received.NextAsync()));
        Assert.Equal(new byte[] { 0, 13, 10, 255 }, await received.NextAsync());
    }

    [Fact]
    public async Task Every_handler_of_a_channel_gets_the_message_and_other_channels_get_nothing()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(fixture.Options);
        var (channel, other) = (Channel("a"), Channel("b"));
        var (first, second, elsewhere) = (new MessageCollector(), new MessageCollector(), new MessageCollector());
        await using var s1 = await subscriber.SubscribeAsync(channel, first.Handle);
        await using var s2 = await subscriber.SubscribeAsync(channel, second.Handle);
        await using var s3 = await subscriber.SubscribeAsync(other, elsewhere.Handle);

        // One Redis subscription per channel, however many handlers.
        Assert.Equal(1, (await redis.ExecuteAsync("PUBLISH", channel, "x")).AsInt64());

        Assert.Equal("x", Encoding.UTF8.GetString(await first.NextAsync()));
        Assert.Equal("x", Encoding.UTF8.GetString(await second.NextAsync()));
        Assert.False(elsewhere.TryTake(out _));
    }

    [Fact]
    public async Task Disposing_the_last_handler_unsubscribes_at_the_server()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(fixture.Options);
        var channel = Channel("gone");
        var subscription = await subscriber.SubscribeAsync(channel, _ => { });
        Assert.Equal(1, (await redis.ExecuteAsync("PUBSUB", "NUMSUB", channel)).Items[1].AsInt64());

        await subscription.DisposeAsync();

        Assert.Equal(0, (await redis.ExecuteAsync("PUBSUB", "NUMSUB", channel)).Items[1].AsInt64());
        Assert.Empty(subscriber.Channels);
    }
}
