namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task Retried_event_id_is_stored_once_and_reports_where_it_is()
    {
        var stream = StreamName();
        var e = Event("once");
        var first = await AppendAsync(stream, e);

        var retry = await AppendAsync(stream, e);

        Assert.False(first.Events[0].WasDuplicate);
        Assert.True(retry.Events[0].WasDuplicate);
        Assert.Equal((first.Events[0].Revision, first.Events[0].Position), (retry.Events[0].Revision, retry.Events[0].Position));
        Assert.Equal(1, retry.NextRevision);
        Assert.Single(await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Duplicate_id_inside_one_append_is_stored_once()
    {
        var stream = StreamName();
        var (a, b) = (Event("a"), Event("b"));

        var result = await AppendAsync(stream, a, b, a with { Data = "a again"u8.ToArray() });

        Assert.Equal([(0L, false), (1L, false), (0L, true)], result.Events.Select(e => (e.Revision, e.WasDuplicate)));
        Assert.Equal(result.Events[0].Position, result.Events[2].Position);
        Assert.Equal(2, result.NextRevision);
        Assert.Equal(["a", "b"], (await ReadAllAsync(stream)).Select(e => e.Text));
    }

    [Fact]
    public async Task Append_mixing_new_and_stored_ids_stores_only_the_new_ones()
    {
        var stream = StreamName();
        var (a, b) = (Event("a"), Event("b"));
        await AppendAsync(stream, a);

        var result = await AppendAsync(stream, a, b);

        Assert.Equal([(0L, true), (1L, false)], result.Events.Select(e => (e.Revision, e.WasDuplicate)));
        Assert.Equal(["a", "b"], (await ReadAllAsync(stream)).Select(e => e.Text));
    }

    [Fact]
    public async Task Concurrent_appends_of_the_same_ids_store_each_id_once()
    {
        var stream = StreamName();
        var events = Events(10);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(async attempt =>
        {
            await Task.Yield();
            var ordered = attempt % 2 == 0 ? events : events.Reverse().ToArray();
            var result = await AppendAsync(stream, ordered);
            return ordered.Zip(result.Events, (e, r) => (e.EventId, r.Revision, r.Position)).ToList();
        }));

        var stored = await ReadAllAsync(stream);
        Assert.Equal(10, stored.Count);
        Assert.Equal(events.Select(e => e.EventId).Order(), stored.Select(e => e.EventId).Order());
        var where = stored.ToDictionary(e => e.EventId, e => (e.Revision, e.Position));
        Assert.All(results.SelectMany(r => r), r => Assert.Equal(where[r.EventId], (r.Revision, r.Position)));
    }

    [Fact]
    public async Task Same_event_id_in_another_stream_is_a_new_event()
    {
        var (a, b) = (StreamName("a"), StreamName("b"));
        var e = Event("shared id");

        var inA = await AppendAsync(a, e);
        var inB = await AppendAsync(b, e);

        Assert.False(inB.Events[0].WasDuplicate);
        Assert.NotEqual(inA.Events[0].Position, inB.Events[0].Position);
        Assert.Single(await ReadAllAsync(b));
    }
}
