using System.Collections.Concurrent;
using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>The writer's group commits, its batch limit, physical purging, and subscriber failures.</summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Concurrent_appends_share_group_commits()
    {
        await using var store = await SqliteTestStore.OpenAsync(_directory.File("store.db"));
        var before = store.CommitCount;

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => store.AppendAsync($"s{i % 4}", SqliteTestStore.Events(1)).AsTask()));

        Assert.Equal(64, results.Length);
        Assert.InRange(store.CommitCount - before, 1, 63);
    }

    [Fact]
    public async Task Group_commits_hold_at_most_MaxBatchEvents_but_a_larger_append_is_committed_whole()
    {
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = _directory.File("store.db"), MaxBatchEvents = 4 });

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => store.AppendAsync("small", SqliteTestStore.Events(1)).AsTask()));
        var afterSmall = store.CommitCount;
        var large = await store.AppendAsync("large", SqliteTestStore.Events(10));

        Assert.True(afterSmall >= 8, $"32 single-event appends took {afterSmall} commits with at most 4 events each");
        Assert.Equal(afterSmall + 1, store.CommitCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), large.Events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Truncated_and_deleted_events_are_purged_from_the_file_in_chunks()
    {
        var path = _directory.File("store.db");
        await using var store = await SqliteTestStore.OpenAsync(path);
        await store.AppendAsync("truncated", SqliteTestStore.Events(3000));
        await store.AppendAsync("deleted", SqliteTestStore.Events(1500));
        await store.AppendAsync("kept", SqliteTestStore.Events(10));

        await store.TruncateBeforeAsync("truncated", 2500);
        await store.DeleteStreamAsync("deleted");

        await Eventually.AssertAsync(() => SqliteTestStore.Count(path, "SELECT count(*) FROM events") == 510, "unreachable events to be purged");
        await Eventually.AssertAsync(() => SqliteTestStore.Count(path, "SELECT count(*) FROM deleted_streams") == 0, "the deleted stream to be forgotten");
        Assert.Equal(2500L, SqliteTestStore.Count(path, "SELECT min(revision) FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.name = 'truncated'"));
    }

    [Fact]
    public async Task Purging_left_unfinished_resumes_after_a_restart()
    {
        var path = _directory.File("store.db");
        await using (var store = await SqliteTestStore.OpenAsync(path))
        {
            await store.AppendAsync("truncated", SqliteTestStore.Events(20));
            await store.AppendAsync("deleted", SqliteTestStore.Events(20));
        }
        // What a crash right after the logical removal leaves behind: the events themselves still in the file.
        SqliteTestStore.Query(path, """
            UPDATE streams SET first_revision = 15 WHERE name = 'truncated';
            INSERT INTO deleted_streams (stream_id) SELECT id FROM streams WHERE name = 'deleted';
            DELETE FROM streams WHERE name = 'deleted';
            """);

        await using var reopened = await SqliteTestStore.OpenAsync(path);

        Assert.Equal(new StreamBounds(15, 20), await reopened.GetBoundsAsync("truncated"));
        Assert.Equal(default, await reopened.GetBoundsAsync("deleted"));
        await Eventually.AssertAsync(() => SqliteTestStore.Count(path, "SELECT count(*) FROM events") == 5, "the purge to resume");
        await Eventually.AssertAsync(() => SqliteTestStore.Count(path, "SELECT count(*) FROM deleted_streams") == 0, "the deleted stream to be forgotten");
    }

    [Fact]
    public async Task Positions_are_not_reused_once_the_newest_events_are_purged()
    {
        var path = _directory.File("store.db");
        long newest;
        await using (var store = await SqliteTestStore.OpenAsync(path))
        {
            await store.AppendAsync("kept", SqliteTestStore.Events(2));
            newest = (await store.AppendAsync("deleted", SqliteTestStore.Events(3))).Events[2].Position;
            await store.DeleteStreamAsync("deleted");
            await Eventually.AssertAsync(() => SqliteTestStore.Count(path, "SELECT count(*) FROM events") == 2, "the deleted stream's events to be purged");
        }

        await using var reopened = await SqliteTestStore.OpenAsync(path);
        var next = await reopened.AppendAsync("kept", SqliteTestStore.Events(1));

        Assert.Equal(newest + 1, next.Events[0].Position);
    }

    [Fact]
    public async Task ApplyMaxAge_judges_age_by_the_configured_clock()
    {
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = _directory.File("store.db"), TimeProvider = new FixedClock(now) });
        var at = now.ToUnixTimeMilliseconds();
        await store.AppendAsync("q", new[] { Stamped(at - 7_200_000), Stamped(at - 1_800_000), Stamped(at) });

        await store.ApplyMaxAgeAsync("q", TimeSpan.FromHours(1));

        Assert.Equal(new StreamBounds(1, 3), await store.GetBoundsAsync("q"));
    }

    [Fact]
    public async Task A_throwing_subscriber_is_logged_and_the_others_still_hear()
    {
        var logger = new ListLogger<SqliteStreamStore>();
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = _directory.File("store.db") }, logger);
        var heard = new ConcurrentQueue<StreamAppended>();
        using var bad = store.SubscribeToAppends(_ => throw new InvalidOperationException("subscriber bug"));
        using var good = store.SubscribeToAppends(heard.Enqueue);

        await store.AppendAsync("s", SqliteTestStore.Events(1));

        await Eventually.AssertAsync(() => heard.Contains(new StreamAppended("s", 1)), "the good subscriber to hear the append");
        var logged = Assert.Single(logger.Entries, e => e.EventId.Id == 3105);
        Assert.Equal("subscriber bug", logged.Exception?.Message);
    }

    [Fact]
    public async Task Reads_wait_for_a_connection_when_every_pooled_one_is_busy()
    {
        await using var store = await SqliteTestStore.OpenAsync(_directory.File("store.db"));
        await store.AppendAsync("s", SqliteTestStore.Events(50, size: 1024));

        var counts = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            using var batch = await store.ReadForwardAsync("s", 0, 50);
            return batch.Count;
        })));

        Assert.All(counts, count => Assert.Equal(50, count));
    }

    private static EventToAppend Stamped(long timestampMs) => new(Guid.NewGuid(), new byte[8], timestampMs);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
