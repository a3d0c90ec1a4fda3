using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Turns SQLite failures into store exceptions an operator can act on: what is wrong, what to do, and whether
/// anything was stored. Conditions that clear by themselves or by an operator's fix (disk full, read-only, I/O,
/// lock) are <see cref="StoreUnavailableException"/>, which the gateway answers with a retryable code.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes (the low byte of an extended code).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADb = 26;

    public static StreamStoreException ForWrite(SqliteException ex, string path)
        => Translate(ex, path, "cannot write", "; nothing was stored.");

    /// <summary>For a store sharing its file: there a lock held too long is another process's doing, and retrying is the answer.</summary>
    public static StreamStoreException ForSharedWrite(SqliteException ex, string path, TimeSpan lockTimeout)
    {
        var extended = ex.SqliteExtendedErrorCode != 0 ? ex.SqliteExtendedErrorCode : ex.SqliteErrorCode;
        return (extended & 0xFF) is Busy or Locked
            ? new StoreUnavailableException(
                $"the SQLite store at {path} cannot write: another process sharing the file held its write lock for more than "
                + $"{lockTimeout.TotalMilliseconds:0} ms (SQLITE_BUSY). Retry; if this persists, look for a stuck process using the file; nothing was stored.", ex)
            : ForWrite(ex, path);
    }

    public static StreamStoreException ForRead(SqliteException ex, string path)
        => Translate(ex, path, "cannot read", ".");

    public static StreamStoreException ForOpen(SqliteException ex, string path)
        => Translate(ex, path, "cannot be opened", ".");

    private static StreamStoreException Translate(SqliteException ex, string path, string failed, string end)
    {
        var extended = ex.SqliteExtendedErrorCode != 0 ? ex.SqliteExtendedErrorCode : ex.SqliteErrorCode;
        var prefix = $"the SQLite store at {path} {failed}: ";
        return (extended & 0xFF) switch
        {
            Full => Unavailable("the disk is full (SQLITE_FULL). Free space, then retry"),
            ReadOnly => Unavailable(
                "the database file is read-only (SQLITE_READONLY). Give this process write access to the file and its directory, then retry"),
            IoErr => Unavailable(
                $"the operating system reported an I/O error (SQLITE_IOERR, extended code {extended}). Check the disk and the system log, then retry"),
            CantOpen => Unavailable(
                "the database file cannot be opened or created (SQLITE_CANTOPEN). Check that its directory exists and that this process can create "
                + "files in it (SQLite keeps -wal and -shm files beside the database), then retry"),
            Busy or Locked => Unavailable(
                "another process holds a lock on the database (SQLITE_BUSY). Stop any other program using the file, then retry"),
            Perm => Unavailable("the operating system denied access (SQLITE_PERM). Give this process access to the file, then retry"),
            NoMem => Unavailable("SQLite ran out of memory (SQLITE_NOMEM). Free memory on the host, then retry"),
            Corrupt => new StreamStoreException(
                prefix + "the database file is damaged (SQLITE_CORRUPT). Stop the broker and restore the file from a backup" + end, ex),
            NotADb => new StreamStoreException(
                prefix + "the file is not a SQLite database (SQLITE_NOTADB). Point Store at the right file" + end, ex),
            _ => new StreamStoreException(prefix + $"SQLite error {extended}: {ex.Message}" + end, ex),
        };

        StoreUnavailableException Unavailable(string reason) => new(prefix + reason + end, ex);
    }
}
