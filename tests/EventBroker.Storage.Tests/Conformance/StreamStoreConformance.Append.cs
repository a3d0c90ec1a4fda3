namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task Append_to_a_new_stream_assigns_dense_revisions_from_zero_and_increasing_positions()
    {
        var stream = StreamName();

        var first = await AppendAsync(stream, Events(3));
        var second = await AppendAsync(stream, Events(2));

        var appended = first.Events.Concat(second.Events).ToList();
        Assert.Equal([0L, 1, 2, 3, 4], appended.Select(e => e.Revision));
        Assert.All(appended, e => Assert.False(e.WasDuplicate));
        Assert.All(appended.Zip(appended.Skip(1)), pair => Assert.True(pair.Second.Position > pair.First.Position));
        Assert.Equal(3, first.NextRevision);
        Assert.Equal(5, second.NextRevision);
        Assert.Equal(new StreamBounds(0, 5), await Store.GetBoundsAsync(stream));
    }

    [Fact]
    public async Task Append_to_different_streams_numbers_each_from_zero_and_positions_across_the_store()
    {
        var (a, b) = (StreamName("a"), StreamName("b"));

        var inA = await AppendAsync(a, Event("a0"));
        var inB = await AppendAsync(b, Event("b0"), Event("b1"));
        var inAgain = await AppendAsync(a, Event("a1"));

        Assert.Equal(0, inA.Events[0].Revision);
        Assert.Equal([0L, 1], inB.Events.Select(e => e.Revision));
        Assert.Equal(1, inAgain.Events[0].Revision);
        Assert.True(inB.Events[0].Position > inA.Events[0].Position);
        Assert.True(inAgain.Events[0].Position > inB.Events[1].Position);
    }

    [Fact]
    public async Task Append_of_no_events_stores_nothing_and_reports_the_next_revision()
    {
        var (empty, existing) = (StreamName("empty"), StreamName("existing"));
        await AppendAsync(existing, Events(2));

        var none = await Store.AppendAsync(empty, ReadOnlyMemory<EventToAppend>.Empty);
        var noneMore = await Store.AppendAsync(existing, ReadOnlyMemory<EventToAppend>.Empty);

        Assert.Empty(none.Events);
        Assert.Equal(0, none.NextRevision);
        Assert.Equal(default, await Store.GetBoundsAsync(empty));
        Assert.Empty(noneMore.Events);
        Assert.Equal(2, noneMore.NextRevision);
    }

    [Fact]
    public async Task Append_with_a_cancelled_token_throws_and_stores_nothing()
    {
        var stream = StreamName();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await Store.AppendAsync(stream, Events(1), cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal(default, await Store.GetBoundsAsync(stream));
    }

    [Fact]
    public async Task Append_with_the_expected_next_revision_succeeds()
    {
        var stream = StreamName();

        var created = await Store.AppendAsync(stream, Events(2), expectedNextRevision: 0);
        var continued = await Store.AppendAsync(stream, Events(1), expectedNextRevision: 2);

        Assert.Equal([0L, 1], created.Events.Select(e => e.Revision));
        Assert.Equal(2, continued.Events[0].Revision);
        Assert.Equal(3, continued.NextRevision);
    }

    [Fact]
    public async Task Append_with_a_wrong_expected_revision_throws_and_stores_nothing()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(2));

        var behind = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            async () => await Store.AppendAsync(stream, Events(1), expectedNextRevision: 1));
        var ahead = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            async () => await Store.AppendAsync(stream, Events(1), expectedNextRevision: 5));
        var onNewStream = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            async () => await Store.AppendAsync(StreamName("new"), Events(1), expectedNextRevision: 3));

        Assert.Equal((1L, 2L), (behind.Expected, behind.Actual));
        Assert.Equal((5L, 2L), (ahead.Expected, ahead.Actual));
        Assert.Equal((3L, 0L), (onNewStream.Expected, onNewStream.Actual));
        Assert.Equal(new StreamBounds(0, 2), await Store.GetBoundsAsync(stream));
        Assert.Equal(default, await Store.GetBoundsAsync(StreamName("new")));
    }

    [Fact]
    public async Task Append_retried_with_its_original_expected_revision_is_reported_as_duplicates()
    {
        var stream = StreamName();
        var events = Events(2);
        var original = await Store.AppendAsync(stream, events, expectedNextRevision: 0);

        var retry = await Store.AppendAsync(stream, events, expectedNextRevision: 0);

        Assert.All(retry.Events, e => Assert.True(e.WasDuplicate));
        Assert.Equal(original.Events.Select(e => (e.Revision, e.Position)), retry.Events.Select(e => (e.Revision, e.Position)));
        Assert.Equal(new StreamBounds(0, 2), await Store.GetBoundsAsync(stream));
    }
}
