namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task Concurrent_appenders_store_every_event_exactly_once_with_dense_revisions()
    {
        const int appenders = 64;
        const int eventsEach = 20;
        var streams = Enumerable.Range(0, 4).Select(i => StreamName($"c{i}")).ToArray();

        var appended = await Task.WhenAll(Enumerable.Range(0, appenders).Select(async appender =>
        {
            await Task.Yield();
            var mine = new List<(string Stream, Guid Id, AppendedEvent At)>();
            for (var i = 0; i < eventsEach; i++)
            {
                var stream = streams[(appender + i) % streams.Length];
                var e = Event($"{appender}/{i}");
                var result = await AppendAsync(stream, e);
                mine.Add((stream, e.EventId, result.Events[0]));
            }
            return mine;
        }));

        var all = appended.SelectMany(a => a).ToList();
        Assert.Equal(appenders * eventsEach, all.Count);
        Assert.All(all, a => Assert.False(a.At.WasDuplicate));
        Assert.Equal(all.Count, all.Select(a => a.At.Position).Distinct().Count());
        foreach (var stream in streams)
        {
            var stored = await ReadAllAsync(stream);
            var expected = all.Where(a => a.Stream == stream).ToList();
            Assert.Equal(Enumerable.Range(0, expected.Count).Select(i => (long)i), stored.Select(e => e.Revision));
            Assert.Equal(expected.Select(a => a.Id).Order(), stored.Select(e => e.EventId).Order());
            var byId = stored.ToDictionary(e => e.EventId);
            Assert.All(expected, a => Assert.Equal((a.At.Revision, a.At.Position), (byId[a.Id].Revision, byId[a.Id].Position)));
            Assert.Equal(new StreamBounds(0, expected.Count), await Store.GetBoundsAsync(stream));
        }
    }

    [Fact]
    public async Task Reads_during_concurrent_appends_see_whole_appends_in_order()
    {
        var stream = StreamName();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await AppendAsync(stream, Event($"{i}.0"), Event($"{i}.1"));
            }
        });

        while (!writer.IsCompleted)
        {
            var seen = await ReadAllAsync(stream);
            Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => (long)i), seen.Select(e => e.Revision));
            Assert.True(seen.Count % 2 == 0, $"a read saw {seen.Count} events: half an append");
            Assert.Equal(seen.Select((_, i) => $"{i / 2}.{i % 2}"), seen.Select(e => e.Text));
        }
        await writer;
    }
}
