using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// An exclusive lock on <c>&lt;database&gt;.lock</c>, held while the store is open. The writer's cache is
/// authoritative only while it is the database's only writer; this turns a second broker on the same file into a
/// clear error instead of clashing revisions.
/// </summary>
internal sealed class StoreLockFile : IDisposable
{
    private readonly FileStream? _stream;

    private StoreLockFile(FileStream? stream) => _stream = stream;

    public static StoreLockFile Acquire(string fullPath, string displayPath, ILogger logger)
    {
        var lockPath = fullPath + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix), released when the stream closes or the process dies.
            return new StoreLockFile(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            throw new StoreUnavailableException(
                $"the SQLite store at {displayPath} is already open in another process (it holds {lockPath}). "
                + "Stop that process, or point Store at another file, then restart.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only directory: nothing can write here, so there is nothing to protect; SQLite reports what it can't do.
            SqliteStoreLog.LockFileUnavailable(logger, displayPath, lockPath, ex.Message);
            return new StoreLockFile(null);
        }
    }

    public void Dispose() => _stream?.Dispose();

    // How .NET reports a lock held elsewhere: on Unix the HResult is flock's errno, EWOULDBLOCK (11 on Linux, 35 on
    // macOS and the BSDs); on Windows it is ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    private static bool IsSharingViolation(IOException ex)
        => OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
}
