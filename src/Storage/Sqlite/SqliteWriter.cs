using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The store's only writer: a dedicated thread that owns the write connection, drains the queue of pending
/// requests and commits as many as are waiting (up to <see cref="SqliteStreamStoreOptions.MaxBatchEvents"/>) in one
/// transaction, then completes every waiter. One transaction per batch is what makes concurrent appends cheap:
/// the commit (and, under SYNC_FLUSH, the fsync) is paid once for all of them.
/// </summary>
/// <remarks>
/// After any failed batch the writer drops its connection and reconnects for the next one, reloading its state
/// from the database, so it recovers by itself once a full disk or read-only file is fixed.
/// In shared mode other processes' writers commit to the same file between this writer's batches; each batch then
/// starts by re-reading, under the write lock, whatever their commits made stale (see <see cref="ForeignCommits"/>).
/// </remarks>
internal sealed class SqliteWriter
{
    // Physical purging yields to appends, but gets a chunk in at least this often under constant load.
    // Scheduling uses the machine's tick count, not the options' TimeProvider, which only judges retention ages.
    private const long PurgeIntervalMs = 50;
    private static readonly TimeSpan PurgeRetryDelay = TimeSpan.FromSeconds(5);

    // At most this many yields gathering a batch, so a steady trickle cannot hold a commit back for long.
    private const int MaxLingerRounds = 16;

    private readonly Channel<IWriteRequest> _queue = Channel.CreateUnbounded<IWriteRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IWriteRequest> _requests = [];
    private readonly List<StreamAppended> _appended = [];
    private readonly PurgeQueue _purges = new();
    private readonly SqliteStreamStoreOptions _options;
    private readonly string _fullPath;
    private readonly StreamCatalog _catalog;
    private readonly AppendNotifier _notifier;
    private readonly ILogger _logger;
    private readonly WriteBatch _batch;
    private readonly WalCheckpointer _checkpointer;
    private readonly ForeignCommits? _foreignCommits;
    private readonly Thread _thread;
    private WriteConnection? _db;
    private long _nextPosition;
    private IWriteRequest? _carried;
    private Task<bool>? _pendingWait;
    private long _lastPurge;
    private long _purgeRetryAt;
    private long _commits;

    /// <summary>Takes over an open connection; loads the catalog and pending purges from it.</summary>
    public SqliteWriter(WriteConnection db, SqliteStreamStoreOptions options, string fullPath, StreamCatalog catalog, AppendNotifier notifier, ILogger logger)
    {
        _options = options;
        _fullPath = fullPath;
        _catalog = catalog;
        _notifier = notifier;
        _logger = logger;
        _batch = new WriteBatch(catalog, catalogIsComplete: !options.Shared);
        _checkpointer = new WalCheckpointer(fullPath, options.Path, logger);
        _foreignCommits = options.Shared ? new ForeignCommits() : null;
        Attach(db);
        _thread = new Thread(Run) { IsBackground = true, Name = "EventBroker SQLite writer" };
    }

    public long NextPosition => Volatile.Read(ref _nextPosition);

    /// <summary>Successful group commits so far.</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    public void Start()
    {
        _checkpointer.Start();
        _thread.Start();
    }

    /// <summary>Queues a request; false once the writer has stopped taking requests.</summary>
    public bool TryEnqueue(IWriteRequest request) => _queue.Writer.TryWrite(request);

    /// <summary>Stops taking requests, commits the ones already queued, checkpoints and closes.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _thread.ThreadState.HasFlag(ThreadState.Unstarted) ? CloseUnstarted() : _stopped.Task;
    }

    private Task CloseUnstarted()
    {
        Close();
        return Task.CompletedTask;
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                if (TakeBatch())
                {
                    CommitBatch();
                    if (PurgeDue(sinceLastMs: PurgeIntervalMs))
                    {
                        Purge();
                    }
                }
                else if (!_queue.Reader.Completion.IsCompleted && PurgeDue(sinceLastMs: 0))
                {
                    // Not while closing: purging resumes at the next open, and a large one would hold the close up.
                    Purge();
                }
                else if (!WaitForRequests())
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Not a store failure (those fail their batch and the loop goes on): a bug. Fail loudly rather than hang callers.
            SqliteStoreLog.WriterCrashed(_logger, _options.Path, ex);
            _queue.Writer.TryComplete();
            var error = new StoreUnavailableException(
                $"the SQLite store at {_options.Path} cannot write: its writer stopped after an unexpected error ({ex.Message}). "
                + "Restart the broker; nothing of this request was stored.", ex);
            foreach (var request in _requests)
            {
                request.Fail(error);
            }
            _carried?.Fail(error);
            while (_queue.Reader.TryRead(out var request))
            {
                request.Fail(error);
            }
        }
        finally
        {
            Close();
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Moves the waiting requests, up to the batch limit, into <see cref="_requests"/>. While requests keep arriving it
    /// yields and takes them too: completing a batch releases its callers at once, and their next appends arrive in a
    /// burst just after, which one commit serves far more cheaply than several. A lone caller costs one yield.
    /// </summary>
    private bool TakeBatch()
    {
        _requests.Clear();
        var events = 0;
        if (!Drain(ref events))
        {
            return false;
        }
        for (var round = 0; round < MaxLingerRounds && events < _options.MaxBatchEvents && _carried is null; round++)
        {
            Thread.Yield();
            if (!Drain(ref events))
            {
                break;
            }
        }
        return true;
    }

    /// <summary>Takes what is queued now, up to the batch limit; false when nothing was.</summary>
    private bool Drain(ref int events)
    {
        var taken = false;
        while (events < _options.MaxBatchEvents)
        {
            var next = _carried;
            _carried = null;
            if (next is null && !_queue.Reader.TryRead(out next))
            {
                break;
            }
            if (_requests.Count > 0 && events + next.EventCount > _options.MaxBatchEvents)
            {
                _carried = next;
                break;
            }
            _requests.Add(next);
            events += next.EventCount;
            taken = true;
        }
        return taken;
    }

    /// <summary>Blocks until a request arrives or a purge falls due; false once the queue is completed and empty.</summary>
    private bool WaitForRequests()
    {
        // One wait at a time: a wait abandoned by a purge timeout is resumed, not replaced.
        var wait = _pendingWait ??= _queue.Reader.WaitToReadAsync().AsTask();
        var timeout = _purges.HasWork
            ? TimeSpan.FromMilliseconds(Math.Max(0, _purgeRetryAt - Environment.TickCount64))
            : Timeout.InfiniteTimeSpan;
        if (!wait.Wait(timeout))
        {
            return true;
        }
        _pendingWait = null;
        return wait.Result;
    }

    private void CommitBatch()
    {
        try
        {
            var db = _db ??= Reconnect();
            db.Begin();
            if (_foreignCommits?.SinceLastLook(db) == true)
            {
                // Another process's appends, truncations and deletions are in the file, not in the cache; streams are
                // looked up again as the batch touches them.
                _catalog.Clear();
                Volatile.Write(ref _nextPosition, db.LoadNextPosition());
            }
            _batch.Begin(db, _nextPosition);
            foreach (var request in _requests)
            {
                request.Execute(_batch);
            }
            _batch.WriteRows();
            db.Commit();
        }
        catch (Exception ex)
        {
            Disconnect(rollback: true);
            var error = Translate(ex);
            SqliteStoreLog.CommitFailed(_logger, _options.Path, _requests.Count, error);
            foreach (var request in _requests)
            {
                request.Fail(error);
            }
            return;
        }

        // Publish before completing: a caller that reads right after its append completes must see it.
        Volatile.Write(ref _nextPosition, _batch.NextPosition);
        _appended.Clear();
        _batch.Publish(_purges, _appended);
        Interlocked.Increment(ref _commits);
        _checkpointer.Committed();
        foreach (var request in _requests)
        {
            request.Complete();
        }
        _notifier.Notify(_appended);
    }

    private bool PurgeDue(long sinceLastMs)
    {
        var now = Environment.TickCount64;
        return _purges.HasWork && now >= _purgeRetryAt && now - _lastPurge >= sinceLastMs;
    }

    private void Purge()
    {
        try
        {
            _purges.RunChunk(_db ??= Reconnect());
            _lastPurge = Environment.TickCount64;
        }
        catch (Exception ex) when (ex is SqliteException or StreamStoreException)
        {
            Disconnect(rollback: true);
            SqliteStoreLog.PurgeFailed(_logger, _options.Path, PurgeRetryDelay, ex);
            _purgeRetryAt = Environment.TickCount64 + (long)PurgeRetryDelay.TotalMilliseconds;
        }
    }

    /// <summary>Opens a new write connection; its failure fails the batch (or purge) that needed it, as a write failure.</summary>
    private WriteConnection Reconnect()
    {
        var db = WriteConnection.Open(_options, _fullPath);
        try
        {
            Attach(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
        SqliteStoreLog.Reconnected(_logger, _options.Path);
        return db;
    }

    /// <summary>Adopts a connection and takes the committed state from what the database holds.</summary>
    private void Attach(WriteConnection db)
    {
        var streams = db.LoadStreams();
        _catalog.Reload(streams);
        Volatile.Write(ref _nextPosition, db.LoadNextPosition());
        _purges.Load(db, streams);
        _foreignCommits?.Forget();
        _db = db;
    }

    private void Disconnect(bool rollback)
    {
        if (_db is null)
        {
            return;
        }
        if (rollback)
        {
            _db.RollbackQuietly();
        }
        _db.Dispose();
        _db = null;
    }

    private void Close()
    {
        // Stopped first, so the final checkpoint below finds no other checkpoint running and can truncate the WAL.
        _checkpointer.Dispose();
        if (_db is null)
        {
            return;
        }
        try
        {
            if (_options.Shared)
            {
                _db.CheckpointPassively();
            }
            else
            {
                _db.Checkpoint();
            }
        }
        catch (SqliteException ex)
        {
            SqliteStoreLog.CheckpointFailed(_logger, _options.Path, ex);
        }
        Disconnect(rollback: false);
    }

    private StreamStoreException Translate(Exception ex) => ex switch
    {
        SqliteException sqlite when _options.Shared => SqliteErrors.ForSharedWrite(sqlite, _options.Path, _options.LockTimeout),
        SqliteException sqlite => SqliteErrors.ForWrite(sqlite, _options.Path),
        StreamStoreException store => store,
        _ => new StreamStoreException($"the SQLite store at {_options.Path} cannot write: {ex.Message}; nothing was stored.", ex),
    };
}
