using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The embedded stream store: one SQLite file in WAL mode. Writes go through a single writer thread that
/// group-commits concurrent appends; reads go through a pool of read-only connections and the writer's
/// in-memory catalog of committed stream bounds. See <see cref="SqliteSchema"/> for the layout.
/// In shared mode (<see cref="SqliteStreamStoreOptions.Shared"/>) several processes do all this on one file: each
/// writer re-reads under the write lock what the others changed, and reads look streams up in the file.
/// </summary>
public sealed class SqliteStreamStore : IStreamStore
{
    private readonly SqliteStreamStoreOptions _options;
    private readonly AppendNotifier _notifier;
    private readonly SqliteWriter _writer;
    private readonly ReaderPool _readers;
    private readonly IStreamReads _reads;
    private readonly StoreLockFile _lock;
    private readonly ILogger _logger;
    private int _disposed;

    private SqliteStreamStore(
        SqliteStreamStoreOptions options, AppendNotifier notifier, SqliteWriter writer, ReaderPool readers, IStreamReads reads, StoreLockFile lockFile, ILogger logger)
    {
        _options = options;
        _notifier = notifier;
        _writer = writer;
        _readers = readers;
        _reads = reads;
        _lock = lockFile;
        _logger = logger;
    }

    /// <summary>The largest event the store takes. Far above RocketMQ's 4 MiB maxMessageSize; one event is one row.</summary>
    public const int MaxEventBytes = AppendLimits.MaxEventBytes;

    /// <summary>The most data one append may carry, so one append cannot hold the writer (and every other append) for long.</summary>
    public const int MaxAppendBytes = AppendLimits.MaxAppendBytes;

    public string Description => _options.Shared ? $"sqlite:{_options.Path}?mode=shared" : $"sqlite:{_options.Path}";

    /// <summary>Successful group commits since open; fewer than the appends when concurrent appends were batched.</summary>
    internal long CommitCount => _writer.CommitCount;

    /// <summary>
    /// Opens (creating when missing) the store at <see cref="SqliteStreamStoreOptions.Path"/> and starts its writer.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The file cannot be created or opened, or another process has it open in a mode that excludes this one's.</exception>
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
        if (options.LockTimeout <= TimeSpan.Zero || options.LockTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"SqliteStreamStoreOptions.LockTimeout must be positive and under 24 days; it is {options.LockTimeout}.", nameof(options));
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
        return _reads.ReadForwardAsync(stream, fromRevision, maxCount, maxBytes, cancellationToken);
    }

    public ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _reads.ReadByPositionAsync(position, cancellationToken);
    }

    public ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        return _reads.GetBoundsAsync(stream, cancellationToken);
    }

    public ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        return _reads.FindRevisionByTimeAsync(stream, timestampMs, cancellationToken);
    }

    public ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ThrowIfDisposed();
        return _reads.GetFirstTimestampAsync(stream, cancellationToken);
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

    /// <inheritdoc />
    /// <remarks>
    /// Only this store's own appends, in shared mode too: other processes' commits are not watched for, and gateways
    /// tell each other through the routing store (<see cref="IStreamStore.ReportsAppendsFromOtherGateways"/> is false).
    /// </remarks>
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
        var lockFile = StoreLockFile.Acquire(fullPath, options.Path, options.Shared, logger);
        WriteConnection? db = null;
        SqliteWriter? writer = null;
        try
        {
            db = WriteConnection.Open(options, fullPath);
            var catalog = new StreamCatalog();
            var notifier = new AppendNotifier(logger, options.Path);
            writer = new SqliteWriter(db, options, fullPath, catalog, notifier, logger);
            db = null; // the writer owns it now
            var readers = new ReaderPool(fullPath, options.Path);
            var reads = options.Shared ? new FileReads(readers) : (IStreamReads)new CatalogReads(catalog, writer, readers);
            var store = new SqliteStreamStore(options, notifier, writer, readers, reads, lockFile, logger);
            writer.Start();
            SqliteStoreLog.Opened(logger, options.Path, options.Shared ? "shared" : "exclusive", catalog.Count, options.Flush, writer.NextPosition);
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
