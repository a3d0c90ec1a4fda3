namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task ReadForward_returns_data_ids_and_timestamps_in_revision_order()
    {
        var stream = StreamName();
        var baseMs = NowMs - 10_000;
        var events = Enumerable.Range(0, 5).Select(i => Event($"event {i}", baseMs + i)).ToArray();
        var appended = await AppendAsync(stream, events);

        using var batch = await Store.ReadForwardAsync(stream, 0, 10);

        Assert.Equal(5, batch.Count);
        Assert.Equal(new StreamBounds(0, 5), batch.Bounds);
        for (var i = 0; i < 5; i++)
        {
            var entry = batch.Entries[i];
            Assert.Equal(i, entry.Revision);
            Assert.Equal(appended.Events[i].Position, entry.Position);
            Assert.Equal(events[i].EventId, entry.EventId);
            Assert.Equal(events[i].TimestampMs, entry.TimestampMs);
            Assert.Equal($"event {i}", Text(batch, i));
        }
        Assert.Equal(events.Sum(e => e.Data.Length), batch.Length);
        Assert.Equal(string.Concat(events.Select((_, i) => $"event {i}")), System.Text.Encoding.UTF8.GetString(batch.Data.Span));
    }

    [Fact]
    public async Task ReadForward_honours_max_count_from_the_given_revision()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(5));

        using var batch = await Store.ReadForwardAsync(stream, 1, maxCount: 2);

        Assert.Equal([1L, 2], batch.Entries.ToArray().Select(e => e.Revision));
        Assert.Equal(["e1", "e2"], [Text(batch, 0), Text(batch, 1)]);
    }

    [Fact]
    public async Task ReadForward_stops_at_max_bytes_but_returns_at_least_one_event()
    {
        var stream = StreamName();
        var hundredBytes = Enumerable.Range(0, 5).Select(i => Event(new string((char)('a' + i), 100))).ToArray();
        await AppendAsync(stream, hundredBytes);

        using var two = await Store.ReadForwardAsync(stream, 0, 10, maxBytes: 250);
        using var exactlyThree = await Store.ReadForwardAsync(stream, 0, 10, maxBytes: 300);
        using var one = await Store.ReadForwardAsync(stream, 2, 10, maxBytes: 10);

        Assert.Equal(2, two.Count);
        Assert.Equal(200, two.Length);
        Assert.Equal(3, exactlyThree.Count);
        Assert.Equal(1, one.Count);
        Assert.Equal(2, one.Entries[0].Revision);
        Assert.Equal(new string('c', 100), Text(one, 0));
    }

    [Fact]
    public async Task ReadForward_keeps_empty_and_large_events_intact()
    {
        var stream = StreamName();
        var large = new byte[1024 * 1024 + 7];
        Random.Shared.NextBytes(large);
        await AppendAsync(stream,
            new EventToAppend(Guid.NewGuid(), ReadOnlyMemory<byte>.Empty, NowMs),
            new EventToAppend(Guid.NewGuid(), large, NowMs),
            Event("small"));

        using var batch = await Store.ReadForwardAsync(stream, 0, 10);

        Assert.Equal(3, batch.Count);
        Assert.Equal(0, batch.GetData(0).Length);
        Assert.True(batch.GetData(1).Span.SequenceEqual(large));
        Assert.Equal("small", Text(batch, 2));
    }

    [Fact]
    public async Task ReadForward_at_or_past_the_end_returns_no_events_and_the_bounds()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(3));

        using var atEnd = await Store.ReadForwardAsync(stream, 3, 10);
        using var pastEnd = await Store.ReadForwardAsync(stream, 100, 10);

        Assert.Equal(0, atEnd.Count);
        Assert.Equal(new StreamBounds(0, 3), atEnd.Bounds);
        Assert.Equal(0, pastEnd.Count);
        Assert.Equal(new StreamBounds(0, 3), pastEnd.Bounds);
    }

    [Fact]
    public async Task ReadForward_below_the_first_revision_reads_from_the_first_revision()
    {
        var stream = StreamName();
        await AppendAsync(stream, Events(5));
        await Store.TruncateBeforeAsync(stream, 3);

        using var batch = await Store.ReadForwardAsync(stream, 0, 10);

        Assert.Equal([3L, 4], batch.Entries.ToArray().Select(e => e.Revision));
        Assert.Equal(["e3", "e4"], [Text(batch, 0), Text(batch, 1)]);
        Assert.Equal(new StreamBounds(3, 5), batch.Bounds);
    }

    [Fact]
    public async Task Unknown_stream_has_bounds_zero_zero_and_nothing_to_read()
    {
        var stream = StreamName("never-written");

        using var batch = await Store.ReadForwardAsync(stream, 0, 10);

        Assert.Equal(new StreamBounds(0, 0), await Store.GetBoundsAsync(stream));
        Assert.Equal(0, batch.Count);
        Assert.Equal(new StreamBounds(0, 0), batch.Bounds);
        Assert.Null(await Store.GetFirstTimestampAsync(stream));
        Assert.Equal(0, await Store.FindRevisionByTimeAsync(stream, NowMs));
    }

    [Fact]
    public async Task ReadByPosition_finds_a_stored_event_and_misses_unused_positions()
    {
        var stream = StreamName();
        var events = Events(3);
        var appended = await AppendAsync(stream, events);
        var middle = appended.Events[1];

        var found = await Store.ReadByPositionAsync(middle.Position);
        var missBefore = await Store.ReadByPositionAsync(-1);
        var missAfter = await Store.ReadByPositionAsync(appended.Events[2].Position + 1_000_000);

        Assert.NotNull(found);
        Assert.Equal(stream, found.Stream);
        Assert.Equal(1, found.Revision);
        Assert.Equal(middle.Position, found.Position);
        Assert.Equal(events[1].EventId, found.EventId);
        Assert.Equal(events[1].TimestampMs, found.TimestampMs);
        Assert.Equal("e1", Text(found));
        Assert.Null(missBefore);
        Assert.Null(missAfter);
    }
}
