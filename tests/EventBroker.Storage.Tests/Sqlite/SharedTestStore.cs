using EventBroker.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>Helpers for the shared-mode tests: opening shared stores and checking what a stream holds.</summary>
internal static class SharedTestStore
{
    public static Task<SqliteStreamStore> OpenAsync(string path, TimeSpan? lockTimeout = null, ILogger<SqliteStreamStore>? logger = null)
        => SqliteStreamStore.OpenAsync(
            new SqliteStreamStoreOptions { Path = path, Shared = true, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(2) },
            logger);

    /// <summary>Every event of a stream, read in pages as a consumer would.</summary>
    public static async Task<List<BatchEntry>> ReadAllAsync(IStreamStore store, string stream)
    {
        var events = new List<BatchEntry>();
        var from = 0L;
        while (true)
        {
            using var batch = await store.ReadForwardAsync(stream, from, 500);
            if (batch.Count == 0)
            {
                return events;
            }
            events.AddRange(batch.Entries.ToArray());
            from = batch.Entries[batch.Count - 1].Revision + 1;
        }
    }

    /// <summary>
    /// Checks that <paramref name="acknowledged"/> (stream, id, revision, position of each acknowledged append) are in
    /// the store exactly once and where they were reported, that every stream's revisions are dense from its first,
    /// and that no two events share a position; returns how many events the streams hold.
    /// </summary>
    public static async Task<int> AssertExactlyOnceAsync(IStreamStore store, IReadOnlyCollection<string> streams, IReadOnlyCollection<Acknowledged> acknowledged)
    {
        var positions = new HashSet<long>();
        var held = 0;
        foreach (var stream in streams)
        {
            var stored = await ReadAllAsync(store, stream);
            var bounds = await store.GetBoundsAsync(stream);
            Assert.Equal(Enumerable.Range(0, stored.Count).Select(i => bounds.FirstRevision + i), stored.Select(e => e.Revision));
            Assert.Equal(bounds.NextRevision, bounds.FirstRevision + stored.Count);
            Assert.Equal(stored.Count, stored.Select(e => e.EventId).Distinct().Count());
            Assert.All(stored, e => Assert.True(positions.Add(e.Position), $"position {e.Position} is used twice"));
            var byId = stored.ToDictionary(e => e.EventId);
            foreach (var ack in acknowledged.Where(a => a.Stream == stream))
            {
                Assert.True(byId.TryGetValue(ack.EventId, out var e), $"acknowledged event {ack.EventId} of {stream} is missing");
                Assert.Equal((ack.Revision, ack.Position), (e.Revision, e.Position));
            }
            held += stored.Count;
        }
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => (a.Stream, a.EventId)).Distinct().Count());
        return held;
    }
}

/// <summary>An append acknowledged to its caller: where the store said the event is.</summary>
internal readonly record struct Acknowledged(string Stream, Guid EventId, long Revision, long Position, bool WasDuplicate);
