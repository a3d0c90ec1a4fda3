using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Copies committed WAL frames into the database file on a thread and connection of its own, so the writer does
/// not stall for the checkpoint's I/O and fsyncs. Passive checkpoints never block the writer or readers. The
/// writer keeps a high auto-checkpoint threshold as a backstop: only a checkpoint run by the writer lets the next
/// commit restart the WAL from its beginning, and by then this one has copied nearly everything.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    // Each checkpoint syncs twice; waiting this long between them lets one checkpoint copy many commits' pages.
    private const int IntervalMs = 50;
    private const int RetryDelayMs = 5000;

    private readonly AutoResetEvent _wake = new(false);
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly string _fullPath;
    private readonly string _displayPath;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private int _committed;

    public WalCheckpointer(string fullPath, string displayPath, ILogger logger)
    {
        _fullPath = fullPath;
        _displayPath = displayPath;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "EventBroker SQLite checkpointer" };
    }

    public void Start() => _thread.Start();

    /// <summary>Called by the writer after each commit; cheap when a checkpoint is already due.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _committed, 1) == 0)
        {
            _wake.Set();
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _wake.Set();
        if (!_thread.ThreadState.HasFlag(ThreadState.Unstarted))
        {
            _thread.Join();
        }
        _wake.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                _wake.WaitOne();
                if (_stop.IsSet)
                {
                    return;
                }
                Volatile.Write(ref _committed, 0);
                try
                {
                    connection ??= SqliteConnections.OpenCheckpointer(_fullPath);
                    SqliteConnections.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    _stop.Wait(IntervalMs);
                }
                catch (SqliteException ex)
                {
                    // The writer reports what stops writes; for the checkpoint it is enough to say so and try again later.
                    SqliteStoreLog.CheckpointDeferred(_logger, _displayPath, TimeSpan.FromMilliseconds(RetryDelayMs), ex);
                    connection?.Dispose();
                    connection = null;
                    _stop.Wait(RetryDelayMs);
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
