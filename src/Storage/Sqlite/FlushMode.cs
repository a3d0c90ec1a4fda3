namespace EventBroker.Storage.Sqlite;

/// <summary>When an append counts as stored; follows RocketMQ's <c>flushDiskType</c>.</summary>
public enum FlushMode
{
    /// <summary>
    /// ASYNC_FLUSH: WAL with <c>synchronous=NORMAL</c>. A completed append survives a crash of the process; the last
    /// commits before a power loss or OS crash may be lost (the database itself stays consistent).
    /// </summary>
    Async,

    /// <summary>SYNC_FLUSH: <c>synchronous=FULL</c>. The WAL is fsynced before an append completes.</summary>
    Sync,
}
