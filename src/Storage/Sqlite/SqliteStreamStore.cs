using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The embedded stream store: one SQLite file in WAL mode. Writes go through a single writer thread that
/// group-commits concurrent appends; reads go through a pool of read-only connections and the writer's
/// in-memory catalog of committed stream bounds. See <see cref="SqliteSchema"/> for the layout.
/// </summary>
public sealed class SqliteStreamStore : IStreamStore
{
    private readonly SqliteStreamStoreOptions _options;
    private readonly StreamCatalog _catalog;
    private readonly AppendNotifier _notifier;
    private readonly SqliteWriter _writer;
    private readonly ReaderPool _readers;
    private readonly StoreLockFile _lock;
    private readonly ILogger _logger;
    private int _disposed;

    private SqliteStreamStore(
        SqliteStreamStoreOptions options, StreamCatalog catalog, AppendNotifier notifier, SqliteWriter writer, ReaderPool readers, StoreLockFile lockFile, ILogger logger)
    {
        _options = options;
        _catalog = catalog;
        _notifier = notifier;
        _writer = writer;
        _readers = readers;
        _lock = lockFile;
        _logger = logger;
    }

    /// <summary>The largest event the store takes. Far above RocketMQ's 4 MiB maxMessageSize; one event is one row.</summary>
    public const int MaxEventBytes = AppendLimits.MaxEventBytes;

    /// <summary>The most data one append may carry, so one append cannot hold the writer (and every other append) for long.</summary>
    public const int MaxAppendBytes = AppendLimits.MaxAppendBytes;

    public string Description => $"sqlite:{_options.Path}";

    /// <summary>Successful group commits since open; fewer than the appends when concurrent appends were batched.</summary>
    internal long CommitCount => _writer.CommitCount;

    /// <summary>
    /// Opens (creating when missing) the store at <see cref="SqliteStreamStoreOptions.Path"/> and starts its writer.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The file cannot be created or opened, or another process has it open.</exception>
    /// <exception cref="StreamStoreException">The file is not an EventBroker store this version understands.</exception>
    public static Task<SqliteStreamStore> OpenAsync(SqliteStreamStoreOptions options, ILogger<SqliteStreamStore>? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("SqliteStreamStoreOptions.Path must name the database file, e.g. ./data/eventbroker.db.", nameof(options));
        }
        if (options.MaxBatchEvents < 1)
        {
            throw new ArgumentException($"SqliteStreamStoreOptions.MaxBatchEvents must be at least 1; it is {options.MaxBatchEvents}.", nameof(options));
        }
        // Opening reads the whole stream table and may create the file: blocking work, kept off the caller's thread.
        return Task.Run(() => Open(options, logger ?? (ILogger)NullLogger.Instance), ct);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Cancellation is honoured until the writer takes the append into a group commit; from then on the append
    /// completes normally. Either way the returned task completes only once the writer is done with
    /// <paramref name="events"/>, so the caller may reuse their memory afterwards.
    /// </remarks>
    /// <exception cref="AppendTooLargeException">An event is larger than <see cref="MaxEventBytes"/>, or all together than <see cref="MaxAppendBytes"/>.</exception>
    public ValueTask<AppendResult> AppendAsync(string stream, ReadOnlyMemory<EventToAppend> events, long? expectedNextRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (expectedNextRevision < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedNextRevision), expectedNextRevision, "An expected next revision cannot be negative.");
        }
        if (AppendLimits.Check(stream, events.Span) is { } tooLarge)
        {
            return ValueTask.FromException<AppendResult>(tooLarge);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AppendResult>(cancellationToken);
        }
        return new ValueTask<AppendResult>(Enqueue(new AppendRequest(stream, events, expectedNextRevision, cancellationToken)));
    }

    public ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ThrowIfDisposed();
        if (_catalog.Find(stream) is not { } info)
        {
            return ValueTask.FromResult(EventBatch.Empty(default));
        }
        var from = Math.Max(fromRevision, info.FirstRevision);
        if (from >= info.NextRevision)
        {
            return ValueTask.FromResult(EventBatch.Empty(info.Bounds));
        }
        var to = Math.Min(info.NextRevision, from + maxCount);
        return _readers.ReadAsync(
            (info, from, to, maxBytes),
            static (connection, read) => connection.ReadForward(read.info, read.from, read.to, read.maxBytes),
            cancellationToken);
    }

    public ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (position < 1 || position >= _writer.NextPosition)
        {
            return ValueTask.FromResult<StoredEvent?>(null);
        }
        return _readers.ReadAsync((position, _catalog), static (connection, read) => connection.ReadAt(read.position, read._catalog), cancellationToken);
    }

    public ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        return ValueTask.FromResult(_catalog.Find(stream)?.Bounds ?? default);
    }

    public ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        if (_catalog.Find(stream) is not { } info)
        {
            return ValueTask.FromResult(0L);
        }
        return _readers.ReadAsync((info, timestampMs), static (connection, find) => connection.FindRevisionByTime(find.info, find.timestampMs), cancellationToken);
    }

    public ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        if (_catalog.Find(stream) is not { } info || info.FirstRevision >= info.NextRevision)
        {
            return ValueTask.FromResult<long?>(null);
        }
        return _readers.ReadAsync(info, static (connection, s) => connection.FirstTimestamp(s), cancellationToken);
    }

    public ValueTask TruncateBeforeAsync(string stream, long revision, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        return new ValueTask(Enqueue(new TruncateRequest(stream, revision, cancellationToken)));
    }

    public ValueTask ApplyMaxAgeAsync(string streamPrefix, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        // An age longer than the epoch keeps everything.
        var cutoff = maxAge.TotalMilliseconds >= now ? long.MinValue : now - (long)maxAge.TotalMilliseconds;
        return new ValueTask(Enqueue(new ApplyMaxAgeRequest(streamPrefix, cutoff, cancellationToken)));
    }

    public ValueTask DeleteStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return new ValueTask(Enqueue(new DeleteStreamRequest(stream, cancellationToken)));
    }

    public IDisposable SubscribeToAppends(Action<StreamAppended> handler) => _notifier.Subscribe(handler);

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }
        try
        {
            return await _readers.ReadAsync(0, static (connection, _) => { connection.Ping(); return true; }, cancellationToken).ConfigureAwait(false);
        }
        catch (StreamStoreException)
        {
            return false;
        }
    }

    /// <summary>Commits the appends already queued, checkpoints the WAL into the database file and closes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Readers close first so the final checkpoint can fold the whole WAL into the database and truncate it.
        _readers.Dispose();
        await _writer.StopAsync().ConfigureAwait(false);
        _lock.Dispose();
        SqliteStoreLog.Closed(_logger, _options.Path);
    }

    private static SqliteStreamStore Open(SqliteStreamStoreOptions options, ILogger logger)
    {
        var fullPath = System.IO.Path.GetFullPath(options.Path);
        CreateDirectory(fullPath, options.Path);
        var lockFile = StoreLockFile.Acquire(fullPath, options.Path, logger);
        WriteConnection? db = null;
        SqliteWriter? writer = null;
        try
        {
            db = WriteConnection.Open(options, fullPath);
            var catalog = new StreamCatalog();
            var notifier = new AppendNotifier(logger, options.Path);
            writer = new SqliteWriter(db, options, fullPath, catalog, notifier, logger);
            db = null; // the writer owns it now
            var store = new SqliteStreamStore(options, catalog, notifier, writer, new ReaderPool(fullPath, options.Path), lockFile, logger);
            writer.Start();
            SqliteStoreLog.Opened(logger, options.Path, catalog.Count, options.Flush, writer.NextPosition);
            return store;
        }
        catch (Exception ex)
        {
            db?.Dispose();
            writer?.StopAsync();
            lockFile.Dispose();
            if (ex is SqliteException sqlite)
            {
                throw SqliteErrors.ForOpen(sqlite, options.Path);
            }
            throw;
        }
    }

    private static void CreateDirectory(string fullPath, string displayPath)
    {
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(
                $"the SQLite store at {displayPath} cannot be opened: its directory {directory} cannot be created ({ex.Message}). "
                + "Create it, or give this process write access to its parent, then restart.", ex);
        }
    }

    private Task<T> Enqueue<T>(WriteRequest<T> request)
    {
        ThrowIfDisposed();
        if (_writer.TryEnqueue(request))
        {
            return request.Task;
        }
        ThrowIfDisposed();
        return Task.FromException<T>(new StoreUnavailableException(
            $"the SQLite store at {_options.Path} cannot write: its writer has stopped (see the log for why). Restart the broker; nothing was stored."));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
