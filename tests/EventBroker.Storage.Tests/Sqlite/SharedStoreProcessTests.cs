using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>
/// Shared mode across real processes: a second OS process (<see cref="SharedStoreChild"/>) appends to the file while
/// this one does, and is killed with SIGKILL in the middle of it.
/// </summary>
public sealed class SharedStoreProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string DbPath => _directory.File("store.db");

    [Fact]
    public async Task Another_process_appending_concurrently_leaves_every_event_stored_once_with_dense_revisions_and_unique_positions()
    {
        var streams = Enumerable.Range(0, 4).Select(i => $"q{i}").ToArray();
        await using var store = await SharedTestStore.OpenAsync(DbPath);
        using var child = await SharedStoreChildProcess.StartAsync(new ChildJob
        {
            Path = DbPath,
            Appenders = 8,
            AppendsEach = 0,
            EventsPerAppend = 2,
            Streams = streams.Length,
            StreamPrefix = "q",
        });

        // The child appends from before this process starts until after it has finished, so the two overlap for sure.
        await child.GoAsync();
        await child.WaitForAcknowledgedAsync(100);
        var mine = await AppendAsync(store, streams, appenders: 8, appendsEach: 100, eventsPerAppend: 2, CancellationToken.None);
        await child.WaitForAcknowledgedAsync(child.AcknowledgedCount + 100);
        Assert.Equal(0, await child.StopAsync());

        var theirs = child.Acknowledged.ToList();
        Assert.Equal(child.Count, theirs.Count);
        Assert.Equal(8 * 100 * 2, mine.Count);
        Assert.All(mine.Concat(theirs), ack => Assert.False(ack.WasDuplicate));
        Assert.Equal(mine.Count + theirs.Count, await SharedTestStore.AssertExactlyOnceAsync(store, streams, [.. mine, .. theirs]));
        Assert.True(theirs.Min(a => a.Position) < mine.Min(a => a.Position) && mine.Max(a => a.Position) < theirs.Max(a => a.Position),
            "the child did not append both before and after this process");
    }

    [Fact]
    public async Task Kill_9_of_another_process_mid_append_leaves_the_file_intact_and_openable()
    {
        var streams = new[] { "k0", "k1" };
        var store = await SharedTestStore.OpenAsync(DbPath);
        List<Acknowledged> mine;
        List<Acknowledged> theirs;
        using (var child = await SharedStoreChildProcess.StartAsync(new ChildJob
        {
            // Large appends, so the child spends most of its time inside a write transaction.
            Path = DbPath,
            Appenders = 4,
            AppendsEach = 0,
            EventsPerAppend = 50,
            EventBytes = 512,
            Streams = streams.Length,
            StreamPrefix = "k",
        }))
        {
            using var stop = new CancellationTokenSource();
            await child.GoAsync();
            var appending = Task.Run(() => AppendAsync(store, streams, appenders: 4, appendsEach: int.MaxValue, eventsPerAppend: 5, stop.Token));
            await child.WaitForAcknowledgedAsync(1000);

            await child.KillAsync();
            // This process goes on writing once the dead one's locks are gone.
            await Task.Delay(200);
            await stop.CancelAsync();
            mine = await appending;
            theirs = child.Acknowledged.ToList();
        }

        var afterKill = await store.AppendAsync("k0", SqliteTestStore.Events(1));
        Assert.Equal("ok", SqliteTestStore.Query(DbPath, "PRAGMA integrity_check"));
        var held = await SharedTestStore.AssertExactlyOnceAsync(store, streams, [.. mine, .. theirs]);
        Assert.InRange(held, mine.Count + theirs.Count + 1, int.MaxValue);
        await using (var another = await SharedTestStore.OpenAsync(DbPath))
        {
            Assert.Equal(await store.GetBoundsAsync("k0"), await another.GetBoundsAsync("k0"));
            Assert.Equal(afterKill.NextRevision, (await another.GetBoundsAsync("k0")).NextRevision);
        }
        await store.DisposeAsync();
        // The killed process's shared lock died with it: the file can even be opened exclusively.
        await using var exclusive = await SqliteTestStore.OpenAsync(DbPath);
        Assert.Equal(held, await SharedTestStore.AssertExactlyOnceAsync(exclusive, streams, [.. mine, .. theirs]));
    }

    [Fact]
    public async Task An_exclusive_store_in_another_process_keeps_shared_ones_out_until_it_is_killed()
    {
        using var child = await SharedStoreChildProcess.StartAsync(new ChildJob { Path = DbPath, Shared = false });

        var shared = await Assert.ThrowsAsync<StoreUnavailableException>(() => SharedTestStore.OpenAsync(DbPath));
        var exclusive = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteTestStore.OpenAsync(DbPath));
        await child.KillAsync();
        await using var store = await SharedTestStore.OpenAsync(DbPath);

        Assert.Contains("is open in exclusive mode in another process", shared.Message);
        Assert.Contains("is already open in another process", exclusive.Message);
        Assert.Equal(0, (await store.AppendAsync("s", SqliteTestStore.Events(1))).Events[0].Revision);
    }

    private static async Task<List<Acknowledged>> AppendAsync(
        IStreamStore store, string[] streams, int appenders, int appendsEach, int eventsPerAppend, CancellationToken stop)
    {
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
        {
            var mine = new List<Acknowledged>();
            for (var i = 0; i < appendsEach && !stop.IsCancellationRequested; i++)
            {
                var stream = streams[(appender + i) % streams.Length];
                var events = SqliteTestStore.Events(eventsPerAppend);
                var result = await store.AppendAsync(stream, events);
                mine.AddRange(events.Zip(result.Events, (e, r) => new Acknowledged(stream, e.EventId, r.Revision, r.Position, r.WasDuplicate)));
            }
            return mine;
        })));
        return [.. acknowledged.SelectMany(a => a)];
    }
}
