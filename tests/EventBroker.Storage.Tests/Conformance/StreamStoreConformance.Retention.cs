namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task TruncateBefore_moves_the_first_revision_and_revisions_are_never_reused()
    {
        var stream = StreamName();
        var appended = await AppendAsync(stream, Events(5));

        await Store.TruncateBeforeAsync(stream, 3);
        var next = await AppendAsync(stream, Event("after"));

        Assert.Equal(new StreamBounds(3, 6), await Store.GetBoundsAsync(stream));
        Assert.Equal(5, next.Events[0].Revision);
        Assert.True(next.Events[0].Position > appended.Events[4].Position);
        Assert.Equal(["e3", "e4", "after"], (await ReadAllAsync(stream)).Select(e => e.Text));
        Assert.Null(await Store.ReadByPositionAsync(appended.Events[0].Position));
        Assert.NotNull(await Store.ReadByPositionAsync(appended.Events[3].Position));
    }

    [Fact]
    public async Task TruncateBefore_past_the_end_empties_the_stream_and_keeps_its_next_revision()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(5));

        await Store.TruncateBeforeAsync(stream, 100);
        Assert.Equal(new StreamBounds(5, 5), await Store.GetBoundsAsync(stream));
        Assert.Empty(await ReadAllAsync(stream));

        var next = await AppendAsync(stream, Event("after"));
        Assert.Equal(5, next.Events[0].Revision);
    }

    [Fact]
    public async Task TruncateBefore_never_moves_the_first_revision_back()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(5));
        await Store.TruncateBeforeAsync(stream, 3);

        await Store.TruncateBeforeAsync(stream, 1);
        await Store.TruncateBeforeAsync(StreamName("unknown"), 10);

        Assert.Equal(new StreamBounds(3, 5), await Store.GetBoundsAsync(stream));
        Assert.Equal(default, await Store.GetBoundsAsync(StreamName("unknown")));
    }

    [Fact]
    public async Task ApplyMaxAge_removes_events_older_than_the_age_from_matching_streams_only()
    {
        var prefix = StreamName("aged") + "/";
        var (mixed, allOld, fresh, other) = (prefix + "mixed", prefix + "old", prefix + "fresh", StreamName("other"));
        var now = NowMs;
        var (threeHours, twoHours, aMinute) = (now - 3 * 3_600_000, now - 2 * 3_600_000, now - 60_000);
        await AppendAsync(mixed, Event("m0", threeHours), Event("m1", twoHours), Event("m2", aMinute));
        await AppendAsync(allOld, Event("o0", threeHours));
        await AppendAsync(fresh, Event("f0", aMinute));
        await AppendAsync(other, Event("x0", threeHours));

        await Store.ApplyMaxAgeAsync(prefix, TimeSpan.FromHours(1));

        Assert.Equal(new StreamBounds(2, 3), await Store.GetBoundsAsync(mixed));
        Assert.Equal(["m2"], (await ReadAllAsync(mixed)).Select(e => e.Text));
        Assert.Equal(new StreamBounds(1, 1), await Store.GetBoundsAsync(allOld));
        Assert.Equal(new StreamBounds(0, 1), await Store.GetBoundsAsync(fresh));
        Assert.Equal(new StreamBounds(0, 1), await Store.GetBoundsAsync(other));
        Assert.Equal(1, (await AppendAsync(allOld, Event("o1"))).Events[0].Revision);
    }

    [Fact]
    public async Task DeleteStream_removes_the_stream_and_a_later_append_restarts_at_zero()
    {
        var stream = StreamName();
        var events = Events(3);
        var before = await AppendAsync(stream, events);

        await Store.DeleteStreamAsync(stream);

        Assert.Equal(default, await Store.GetBoundsAsync(stream));
        Assert.Empty(await ReadAllAsync(stream));
        Assert.Null(await Store.ReadByPositionAsync(before.Events[1].Position));
        Assert.Null(await Store.GetFirstTimestampAsync(stream));

        // The deleted stream's ids do not count: the same events are stored again, as new.
        var after = await AppendAsync(stream, events);
        Assert.Equal([(0L, false), (1L, false), (2L, false)], after.Events.Select(e => (e.Revision, e.WasDuplicate)));
        Assert.All(after.Events, e => Assert.True(e.Position > before.Events[2].Position));
        Assert.Equal(["e0", "e1", "e2"], (await ReadAllAsync(stream)).Select(e => e.Text));
    }

    [Fact]
    public async Task DeleteStream_of_an_unknown_stream_does_nothing_and_others_are_untouched()
    {
        var kept = StreamName("kept");
        await AppendAsync(kept, Events(2));

        await Store.DeleteStreamAsync(StreamName("unknown"));

        Assert.Equal(new StreamBounds(0, 2), await Store.GetBoundsAsync(kept));
    }
}
