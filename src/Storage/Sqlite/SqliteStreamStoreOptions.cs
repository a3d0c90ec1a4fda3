using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Sqlite;

/// <summary>How to open the embedded SQLite stream store.</summary>
public sealed record SqliteStreamStoreOptions
{
    /// <summary>The database file, e.g. <c>./data/eventbroker.db</c>. Its directory is created when missing.</summary>
    public required string Path { get; init; }

    /// <summary>Whether an append waits for an fsync (SYNC_FLUSH) or only for the write to the WAL (ASYNC_FLUSH).</summary>
    public FlushMode Flush { get; init; } = FlushMode.Async;

    /// <summary>
    /// Most events committed in one group commit. A single append larger than this is still committed whole, alone.
    /// </summary>
    public int MaxBatchEvents { get; init; } = 4096;

    /// <summary>
    /// Shared mode (<c>sqlite:path?mode=shared</c>): several processes open the file at once, e.g. gateways on one host
    /// in tests. Each group commit takes SQLite's cross-process write lock and re-reads what others may have changed,
    /// and every read looks in the file rather than in this process's cache, so it is slower than the default
    /// exclusive mode, where one process owns the file and its caches are authoritative.
    /// </summary>
    public bool Shared { get; init; }

    /// <summary>
    /// Shared mode: how long a group commit waits for another process to release the write lock before its appends
    /// fail with <see cref="StoreUnavailableException"/>. Within a producer's default send timeout (3 s), so the client
    /// hears a retryable error rather than a timeout.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock that retention by age is judged by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Runs on every write connection the writer opens, before it is used. A test seam: it lets tests impose
    /// limits such as <c>max_page_count</c> to provoke a full disk.
    /// </summary>
    internal Action<SqliteConnection>? OnWriteConnectionOpened { get; init; }
}
