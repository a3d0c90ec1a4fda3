using System.Collections.Concurrent;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task SubscribeToAppends_reports_the_stream_and_its_new_next_revision()
    {
        var (a, b) = (StreamName("a"), StreamName("b"));
        var seen = new ConcurrentQueue<StreamAppended>();
        using var subscription = Store.SubscribeToAppends(seen.Enqueue);

        await AppendAsync(a, Events(2));
        await AppendAsync(b, Events(1));
        await AppendAsync(a, Events(3));

        await Eventually.AssertAsync(() => seen.Contains(new StreamAppended(a, 5)) && seen.Contains(new StreamAppended(b, 1)), "appends to be signalled");
        var forA = seen.Where(s => s.Stream == a).Select(s => s.NextRevision).ToList();
        Assert.Equal(forA.Order(), forA);
        Assert.All(forA, next => Assert.InRange(next, 1, 5));
    }

    [Fact]
    public async Task SubscribeToAppends_stops_when_the_subscription_is_disposed()
    {
        var stream = StreamName();
        var seen = new ConcurrentQueue<StreamAppended>();
        var subscription = Store.SubscribeToAppends(seen.Enqueue);
        await AppendAsync(stream, Event("seen"));
        await Eventually.AssertAsync(() => seen.Contains(new StreamAppended(stream, 1)), "the first append to be signalled");

        subscription.Dispose();
        using var probe = new SemaphoreSlim(0);
        using var other = Store.SubscribeToAppends(s =>
        {
            if (s.Stream == stream && s.NextRevision == 2)
            {
                probe.Release();
            }
        });
        await AppendAsync(stream, Event("not seen"));
        Assert.True(await probe.WaitAsync(Eventually.Timeout));

        Assert.DoesNotContain(new StreamAppended(stream, 2), seen);
    }

    [Fact]
    public async Task SubscribeToAppends_survives_a_throwing_handler()
    {
        var stream = StreamName();
        var seen = new ConcurrentQueue<StreamAppended>();
        using var throwing = Store.SubscribeToAppends(_ => throw new InvalidOperationException("handler bug"));
        using var working = Store.SubscribeToAppends(seen.Enqueue);

        await AppendAsync(stream, Event("one"));
        var second = await AppendAsync(stream, Event("two"));

        Assert.Equal(1, second.Events[0].Revision);
        await Eventually.AssertAsync(() => seen.Contains(new StreamAppended(stream, 2)), "the second append to be signalled");
    }
}
