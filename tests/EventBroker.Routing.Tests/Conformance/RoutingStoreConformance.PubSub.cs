using System.Text;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Publish_delivers_to_every_subscriber_of_the_channel()
    {
        var channel = Name("ch");
        var (first, second) = (new MessageCollector(), new MessageCollector());
        await using var s1 = await Store.SubscribeAsync(channel, first.Handle);
        await using var s2 = await Store.SubscribeAsync(channel, second.Handle);

        await Store.PublishAsync(channel, Bytes("hello"));

        Assert.Equal("hello", Text(await first.NextAsync()));
        Assert.Equal("hello", Text(await second.NextAsync()));
    }

    [Fact]
    public async Task Publish_delivers_messages_in_publish_order()
    {
        var channel = Name("ch");
        var collector = new MessageCollector();
        await using var subscription = await Store.SubscribeAsync(channel, collector.Handle);

        for (var i = 0; i < 20; i++)
            await Store.PublishAsync(channel, Bytes($"m{i}"));

        for (var i = 0; i < 20; i++)
            Assert.Equal($"m{i}", Text(await collector.NextAsync()));
    }

    [Fact]
    public async Task Publish_delivers_the_bytes_as_published_even_if_the_buffer_is_reused()
    {
        var channel = Name("ch");
        var collector = new MessageCollector();
        await using var subscription = await Store.SubscribeAsync(channel, collector.Handle);
        var buffer = Bytes("original");

        await Store.PublishAsync(channel, buffer);
        Bytes("reused!!").CopyTo(buffer, 0);

        Assert.Equal("original", Text(await collector.NextAsync()));
    }

    [Fact]
    public async Task Publish_skips_other_channels_and_disposed_subscriptions()
    {
        var (channel, otherChannel) = (Name("ch"), Name("other"));
        var (disposed, other, marker) = (new MessageCollector(), new MessageCollector(), new MessageCollector());
        var gone = await Store.SubscribeAsync(channel, disposed.Handle);
        await using var elsewhere = await Store.SubscribeAsync(otherChannel, other.Handle);
        await using var live = await Store.SubscribeAsync(channel, marker.Handle);
        await gone.DisposeAsync();

        await Store.PublishAsync(channel, Bytes("one"));
        await Store.PublishAsync(channel, Bytes("two"));

        // Once the live subscriber has both messages, any wrong delivery would have happened too.
        Assert.Equal("one", Text(await marker.NextAsync()));
        Assert.Equal("two", Text(await marker.NextAsync()));
        Assert.False(disposed.TryTake(out _));
        Assert.False(other.TryTake(out _));
    }
}
