using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>The SQLite store's log messages, with stable event ids (3100-3199).</summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(3100, LogLevel.Information, "Opened SQLite store {Path} in {Mode} mode: {StreamCount} streams, flush {Flush}, next position {NextPosition}")]
    public static partial void Opened(ILogger logger, string path, string mode, int streamCount, FlushMode flush, long nextPosition);

    [LoggerMessage(3101, LogLevel.Information, "Closed SQLite store {Path}")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(3102, LogLevel.Error, "SQLite store {Path}: a group commit of {RequestCount} requests failed and was rolled back; the writer reconnects and carries on")]
    public static partial void CommitFailed(ILogger logger, string path, int requestCount, Exception exception);

    [LoggerMessage(3103, LogLevel.Information, "SQLite store {Path}: the writer reconnected")]
    public static partial void Reconnected(ILogger logger, string path);

    [LoggerMessage(3104, LogLevel.Warning, "SQLite store {Path}: purging removed events failed; retrying in {RetryDelay}")]
    public static partial void PurgeFailed(ILogger logger, string path, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(3105, LogLevel.Error, "SQLite store {Path}: an append subscriber threw for stream {Stream}; other subscribers and the writer carry on")]
    public static partial void SubscriberFailed(ILogger logger, string path, string stream, Exception exception);

    [LoggerMessage(3106, LogLevel.Warning, "SQLite store {Path}: the lock file {LockPath} cannot be created ({Reason}); a second process opening this store would not be detected")]
    public static partial void LockFileUnavailable(ILogger logger, string path, string lockPath, string reason);

    [LoggerMessage(3107, LogLevel.Warning, "SQLite store {Path}: the checkpoint at close failed; the -wal file stays beside the database and is replayed at the next open")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(3109, LogLevel.Warning, "SQLite store {Path}: a background checkpoint failed; the writer's own checkpoints carry on, the next background one is in {RetryDelay}")]
    public static partial void CheckpointDeferred(ILogger logger, string path, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(3108, LogLevel.Critical, "SQLite store {Path}: the writer stopped after an unexpected error; appends fail until the broker restarts")]
    public static partial void WriterCrashed(ILogger logger, string path, Exception exception);
}
