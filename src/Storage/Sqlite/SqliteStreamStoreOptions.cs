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

    /// <summary>The clock that retention by age is judged by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Runs on every write connection the writer opens, before it is used. A test seam: it lets tests impose
    /// limits such as <c>max_page_count</c> to provoke a full disk.
    /// </summary>
    internal Action<SqliteConnection>? OnWriteConnectionOpened { get; init; }
}
