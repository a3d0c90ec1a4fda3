using System.Collections.Concurrent;
using System.Diagnostics;
using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>
/// Two or more shared stores on one file in this process: each writes and reads what the others wrote, as gateway
/// processes on one host do. Their connections, caches and locks are as separate as two processes' would be.
/// </summary>
public sealed class SharedStoreInstanceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string DbPath => _directory.File("store.db");

    [Fact]
    public async Task Two_stores_appending_concurrently_store_every_event_once_with_dense_revisions_and_unique_positions()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var streams = Enumerable.Range(0, 4).Select(i => $"q{i}").ToArray();

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 32).Select(appender => Task.Run(async () =>
        {
            var store = appender % 2 == 0 ? a : b;
            var mine = new List<Acknowledged>();
            for (var i = 0; i < 25; i++)
            {
                var stream = streams[(appender + i) % streams.Length];
                var events = SqliteTestStore.Events(2);
                var result = await store.AppendAsync(stream, events);
                mine.AddRange(events.Zip(result.Events, (e, r) => new Acknowledged(stream, e.EventId, r.Revision, r.Position, r.WasDuplicate)));
            }
            return mine;
        })));

        var all = acknowledged.SelectMany(x => x).ToList();
        Assert.All(all, ack => Assert.False(ack.WasDuplicate));
        Assert.Equal(32 * 25 * 2, await SharedTestStore.AssertExactlyOnceAsync(a, streams, all));
        Assert.Equal(32 * 25 * 2, await SharedTestStore.AssertExactlyOnceAsync(b, streams, all));
    }

    [Fact]
    public async Task Appends_through_one_store_are_read_and_continued_through_the_other()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var first = await a.AppendAsync("s", new[] { Stamped(t), Stamped(t + 1000), Stamped(t + 2000) });

        var inB = await b.AppendAsync("s", SqliteTestStore.Events(1));
        var inA = await a.AppendAsync("s", SqliteTestStore.Events(1));

        Assert.Equal(3, inB.Events[0].Revision);
        Assert.True(inB.Events[0].Position > first.Events[2].Position);
        Assert.Equal(4, inA.Events[0].Revision);
        Assert.True(inA.Events[0].Position > inB.Events[0].Position);
        foreach (var store in new[] { a, b })
        {
            Assert.Equal(new StreamBounds(0, 5), await store.GetBoundsAsync("s"));
            Assert.Equal([0L, 1, 2, 3, 4], (await SharedTestStore.ReadAllAsync(store, "s")).Select(e => e.Revision));
            Assert.Equal(1, (await store.ReadByPositionAsync(first.Events[1].Position))?.Revision);
            Assert.Equal(3, (await store.ReadByPositionAsync(inB.Events[0].Position))?.Revision);
            Assert.Equal(2, await store.FindRevisionByTimeAsync("s", t + 1500));
            Assert.Equal(t, await store.GetFirstTimestampAsync("s"));
        }
    }

    [Fact]
    public async Task Duplicate_appended_through_another_store_reports_where_the_first_one_stored_it()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var (e0, e1) = (SqliteTestStore.Event("e0"), SqliteTestStore.Event("e1"));
        var original = await a.AppendAsync("s", new[] { e0, e1 }, expectedNextRevision: 0);

        var mixed = await b.AppendAsync("s", new[] { e1, SqliteTestStore.Event("new") });
        var retried = await b.AppendAsync("s", new[] { e0, e1 }, expectedNextRevision: 0);
        var stale = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            async () => await b.AppendAsync("s", SqliteTestStore.Events(1), expectedNextRevision: 2));

        Assert.Equal((original.Events[1].Revision, original.Events[1].Position, true), (mixed.Events[0].Revision, mixed.Events[0].Position, mixed.Events[0].WasDuplicate));
        Assert.Equal((2L, false), (mixed.Events[1].Revision, mixed.Events[1].WasDuplicate));
        Assert.Equal(original.Events.Select(e => (e.Revision, e.Position, true)), retried.Events.Select(e => (e.Revision, e.Position, e.WasDuplicate)));
        Assert.Equal(3, stale.Actual);
        Assert.Equal(new StreamBounds(0, 3), await a.GetBoundsAsync("s"));
    }

    [Fact]
    public async Task Truncation_and_deletion_through_one_store_are_honoured_by_the_other()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var truncated = await a.AppendAsync("t", SqliteTestStore.Events(5));
        var deletedEvents = SqliteTestStore.Events(3);
        var deleted = await a.AppendAsync("d", deletedEvents);

        await b.TruncateBeforeAsync("t", 3);
        await b.DeleteStreamAsync("d");

        Assert.Equal(new StreamBounds(3, 5), await a.GetBoundsAsync("t"));
        Assert.Equal([3L, 4], (await SharedTestStore.ReadAllAsync(a, "t")).Select(e => e.Revision));
        Assert.Null(await a.ReadByPositionAsync(truncated.Events[0].Position));
        Assert.Equal(default, await a.GetBoundsAsync("d"));
        Assert.Null(await a.ReadByPositionAsync(deleted.Events[0].Position));
        Assert.Null(await a.GetFirstTimestampAsync("d"));
        Assert.Equal(5, (await a.AppendAsync("t", SqliteTestStore.Events(1))).Events[0].Revision);
        var again = await a.AppendAsync("d", deletedEvents);
        Assert.Equal([(0L, false), (1L, false), (2L, false)], again.Events.Select(e => (e.Revision, e.WasDuplicate)));
    }

    [Fact]
    public async Task Positions_removed_and_purged_by_another_store_are_never_given_out_again()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        await a.AppendAsync("kept", SqliteTestStore.Events(1));
        var newest = (await b.AppendAsync("gone", SqliteTestStore.Events(3))).Events[2].Position;

        await b.DeleteStreamAsync("gone");
        await Eventually.AssertAsync(() => SqliteTestStore.Count(DbPath, "SELECT count(*) FROM events") == 1, "the deleted stream's events to be purged");
        var next = await a.AppendAsync("kept", SqliteTestStore.Events(1));

        Assert.Equal(newest + 1, next.Events[0].Position);
    }

    [Fact]
    public async Task ApplyMaxAge_reaches_streams_only_another_store_has_written()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await b.AppendAsync("aged/x", new[] { Stamped(now - 7_200_000), Stamped(now - 7_100_000), Stamped(now) });
        await b.AppendAsync("other", new[] { Stamped(now - 7_200_000) });

        await a.ApplyMaxAgeAsync("aged/", TimeSpan.FromHours(1));

        Assert.Equal(new StreamBounds(2, 3), await b.GetBoundsAsync("aged/x"));
        Assert.Equal(new StreamBounds(0, 1), await b.GetBoundsAsync("other"));
    }

    [Fact]
    public async Task Stores_purging_the_same_rows_at_once_both_finish_without_failing()
    {
        await using (var creator = await SqliteTestStore.OpenAsync(DbPath))
        {
            await creator.AppendAsync("truncated", SqliteTestStore.Events(3000));
            await creator.AppendAsync("deleted", SqliteTestStore.Events(1500));
            await creator.AppendAsync("kept", SqliteTestStore.Events(10));
        }
        // A removal whose purge was never done: every store that opens the file takes the same purge work up.
        SqliteTestStore.Query(DbPath, """
            UPDATE streams SET first_revision = 2500 WHERE name = 'truncated';
            INSERT INTO deleted_streams (stream_id) SELECT id FROM streams WHERE name = 'deleted';
            DELETE FROM streams WHERE name = 'deleted';
            """);
        var (logA, logB) = (new ListLogger<SqliteStreamStore>(), new ListLogger<SqliteStreamStore>());

        var stores = await Task.WhenAll(SharedTestStore.OpenAsync(DbPath, logger: logA), SharedTestStore.OpenAsync(DbPath, logger: logB));
        try
        {
            await Eventually.AssertAsync(() => SqliteTestStore.Count(DbPath, "SELECT count(*) FROM events") == 510, "the unreachable events to be purged");
            await Eventually.AssertAsync(() => SqliteTestStore.Count(DbPath, "SELECT count(*) FROM deleted_streams") == 0, "the deleted stream to be forgotten");
            Assert.Equal(new StreamBounds(2500, 3000), await stores[0].GetBoundsAsync("truncated"));
            Assert.Equal(3000, (await stores[1].AppendAsync("truncated", SqliteTestStore.Events(1))).Events[0].Revision);
        }
        finally
        {
            await Task.WhenAll(stores.Select(s => s.DisposeAsync().AsTask()));
        }
        Assert.DoesNotContain(logA.Entries.Concat(logB.Entries), e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task SubscribeToAppends_reports_only_this_stores_appends()
    {
        await using var a = await SharedTestStore.OpenAsync(DbPath);
        await using var b = await SharedTestStore.OpenAsync(DbPath);
        var heard = new ConcurrentQueue<StreamAppended>();
        using var subscription = a.SubscribeToAppends(heard.Enqueue);

        await b.AppendAsync("s", SqliteTestStore.Events(2));
        await a.AppendAsync("s", SqliteTestStore.Events(1));

        await Eventually.AssertAsync(() => heard.Contains(new StreamAppended("s", 3)), "this store's append to be signalled");
        Assert.Equal([new StreamAppended("s", 3)], heard);
        Assert.False(((IStreamStore)a).ReportsAppendsFromOtherGateways);
    }

    [Fact]
    public async Task A_new_file_opened_by_several_stores_at_once_gets_one_schema()
    {
        var path = Path.Combine(_directory.Path, "new", "store.db");

        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SharedTestStore.OpenAsync(path)));
        try
        {
            var appended = await Task.WhenAll(stores.Select(s => s.AppendAsync("s", SqliteTestStore.Events(1)).AsTask()));
            Assert.Equal([0L, 1, 2], appended.Select(r => r.Events[0].Revision).Order());
        }
        finally
        {
            await Task.WhenAll(stores.Select(s => s.DisposeAsync().AsTask()));
        }
        Assert.Equal(1L, SqliteTestStore.Query(path, "PRAGMA user_version"));
        Assert.Equal(8192L, SqliteTestStore.Query(path, "PRAGMA page_size"));
    }

    [Fact]
    public async Task A_write_lock_held_past_the_lock_timeout_fails_the_append_as_unavailable_and_stores_nothing()
    {
        await using var store = await SharedTestStore.OpenAsync(DbPath, lockTimeout: TimeSpan.FromMilliseconds(200));
        await store.AppendAsync("s", SqliteTestStore.Events(1));
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        holder.Open();
        SqliteConnections.Execute(holder, "BEGIN IMMEDIATE");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.AppendAsync("s", SqliteTestStore.Events(1)));

        var waited = clock.Elapsed;
        SqliteConnections.Execute(holder, "ROLLBACK");
        Assert.Equal(
            $"the SQLite store at {DbPath} cannot write: another process sharing the file held its write lock for more than 200 ms (SQLITE_BUSY). "
            + "Retry; if this persists, look for a stuck process using the file; nothing was stored.", ex.Message);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await store.AppendAsync("s", SqliteTestStore.Events(1))).Events[0].Revision);
    }

    [Fact]
    public void Commits_by_another_connection_are_noticed_and_own_commits_are_not()
    {
        var options = new SqliteStreamStoreOptions { Path = DbPath, Shared = true };
        using var mine = WriteConnection.Open(options, DbPath);
        using var other = WriteConnection.Open(options, DbPath);
        var foreign = new ForeignCommits();

        var looks = new List<bool>();
        foreach (var otherCommitsFirst in new[] { false, false, true, false })
        {
            if (otherCommitsFirst)
            {
                other.Begin();
                other.InsertStream("theirs");
                other.Commit();
            }
            mine.Begin();
            looks.Add(foreign.SinceLastLook(mine));
            mine.InsertStream($"mine-{looks.Count}");
            mine.Commit();
        }

        // The first look has nothing to compare with; then only the other connection's commit counts.
        Assert.Equal([true, false, true, false], looks);
    }

    private static EventToAppend Stamped(long timestampMs) => new(Guid.NewGuid(), new byte[8], timestampMs);
}
