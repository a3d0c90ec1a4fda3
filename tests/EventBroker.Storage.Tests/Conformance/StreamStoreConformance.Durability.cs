namespace EventBroker.Storage.Tests.Conformance;

// Run only by implementations that override SupportsReopen; for the others these pass without checking anything.
public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task Reopen_keeps_events_bounds_and_positions()
    {
        if (!SupportsReopen)
        {
            return;
        }
        var stream = StreamName();
        var t = NowMs - 5000;
        var events = Enumerable.Range(0, 3).Select(i => Event($"durable {i}", t + i)).ToArray();
        var appended = await AppendAsync(stream, events);

        await ReopenAsync();

        var stored = await ReadAllAsync(stream);
        Assert.Equal(new StreamBounds(0, 3), await Store.GetBoundsAsync(stream));
        Assert.Equal(appended.Events.Select(e => (e.Revision, e.Position)), stored.Select(e => (e.Revision, e.Position)));
        Assert.Equal(events.Select(e => (e.EventId, e.TimestampMs)), stored.Select(e => (e.EventId, e.TimestampMs)));
        Assert.Equal(["durable 0", "durable 1", "durable 2"], stored.Select(e => e.Text));
        var next = await AppendAsync(stream, Event("after reopen"));
        Assert.Equal(3, next.Events[0].Revision);
        Assert.True(next.Events[0].Position > appended.Events[2].Position);
    }

    [Fact]
    public async Task Reopen_keeps_idempotency()
    {
        if (!SupportsReopen)
        {
            return;
        }
        var stream = StreamName();
        var e = Event("once");
        var first = await AppendAsync(stream, e);

        await ReopenAsync();
        var retry = await AppendAsync(stream, e);

        Assert.True(retry.Events[0].WasDuplicate);
        Assert.Equal(first.Events[0].Position, retry.Events[0].Position);
        Assert.Single(await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Reopen_keeps_truncation_and_deletion_and_never_reuses_positions()
    {
        if (!SupportsReopen)
        {
            return;
        }
        var (truncated, deleted, later) = (StreamName("truncated"), StreamName("deleted"), StreamName("later"));
        await AppendAsync(truncated, Events(4));
        var last = await AppendAsync(deleted, Events(3));
        await Store.TruncateBeforeAsync(truncated, 2);
        await Store.DeleteStreamAsync(deleted);

        await ReopenAsync();

        Assert.Equal(new StreamBounds(2, 4), await Store.GetBoundsAsync(truncated));
        Assert.Equal(["e2", "e3"], (await ReadAllAsync(truncated)).Select(e => e.Text));
        Assert.Equal(default, await Store.GetBoundsAsync(deleted));
        var next = await AppendAsync(later, Event("new"));
        Assert.True(next.Events[0].Position > last.Events[2].Position);
        Assert.Equal(0, (await AppendAsync(deleted, Event("again"))).Events[0].Revision);
    }
}
