using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// An advisory lock on <c>&lt;database&gt;.lock</c>, held while the store is open, whose kind is the store's mode:
/// an exclusive store takes an exclusive lock, a shared store a shared one. So any number of shared stores open the
/// file together, an exclusive one only alone, and each kind is refused while the other holds the file. In
/// exclusive mode the writer's cache is authoritative only while it is the database's only writer; this turns a
/// second broker on the same file into a clear error instead of clashing revisions.
/// </summary>
/// <remarks>
/// The lock is the kernel's (flock on Unix, share modes on Windows), tied to the open handle: it goes when the
/// store closes or its process dies, even by kill -9, so it can never be left behind. The file's contents mean nothing.
/// </remarks>
internal sealed class StoreLockFile : IDisposable
{
    private readonly FileStream? _stream;

    private StoreLockFile(FileStream? stream) => _stream = stream;

    public static StoreLockFile Acquire(string fullPath, string displayPath, bool shared, ILogger logger)
    {
        var lockPath = fullPath + ".lock";
        try
        {
            return new StoreLockFile(Open(lockPath, shared));
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            throw Refusal(lockPath, displayPath, shared, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only directory: nothing can write here, so there is nothing to protect; SQLite reports what it can't do.
            SqliteStoreLog.LockFileUnavailable(logger, displayPath, lockPath, ex.Message);
            return new StoreLockFile(null);
        }
    }

    public void Dispose() => _stream?.Dispose();

    // .NET maps FileShare.None to flock(LOCK_EX) and any other share to flock(LOCK_SH) (for a handle without write
    // access on every file system), both non-blocking; on Windows the share modes themselves conflict the same way.
    private static FileStream Open(string lockPath, bool shared) => shared
        ? new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite)
        : new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    private static StoreUnavailableException Refusal(string lockPath, string displayPath, bool shared, IOException ex)
    {
        if (shared)
        {
            // Only an exclusive lock keeps a shared one out.
            return new StoreUnavailableException(
                $"the SQLite store at {displayPath} is open in exclusive mode in another process (it holds {lockPath}), so it cannot be shared. "
                + $"Stop that process, or open every process with sqlite:{displayPath}?mode=shared, then restart.", ex);
        }
        if (HeldShared(lockPath))
        {
            return new StoreUnavailableException(
                $"the SQLite store at {displayPath} is open in shared mode by other processes (they hold {lockPath}), so it cannot be opened exclusively. "
                + $"Open this process with sqlite:{displayPath}?mode=shared too, or stop them, then restart.", ex);
        }
        return new StoreUnavailableException(
            $"the SQLite store at {displayPath} is already open in another process (it holds {lockPath}). "
            + "Stop that process, or point Store at another file, then restart.", ex);
    }

    /// <summary>Whether a shared lock can be taken now, i.e. the holders that kept an exclusive one out are shared: only to word the refusal.</summary>
    private static bool HeldShared(string lockPath)
    {
        try
        {
            Open(lockPath, shared: true).Dispose();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // How .NET reports a lock held elsewhere: on Unix the HResult is flock's errno, EWOULDBLOCK (11 on Linux, 35 on
    // macOS and the BSDs); on Windows it is ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    private static bool IsSharingViolation(IOException ex)
        => OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
}
