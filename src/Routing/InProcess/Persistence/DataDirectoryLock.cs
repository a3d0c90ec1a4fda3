namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>
/// An exclusive lock file in the data directory: two stores writing the same files would overwrite each other's
/// changes, so the second one to open fails with a clear message instead.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "routing.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new IOException($"The routing data directory '{directory}' is in use by another routing store (cannot lock '{path}'). " +
                                  "Stop the other broker, or give this one its own data directory.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
