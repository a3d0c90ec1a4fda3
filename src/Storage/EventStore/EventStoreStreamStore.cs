using EventBroker.Storage.EventStore.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// The stream store on EventStoreDB (23.x, gRPC): each store stream is one EventStoreDB stream of the same name,
/// revision = revision, position = the event's $all (prepare) position. The mapping and where it differs from the
/// embedded store are in docs/storage.md. Calls go through the project's own gRPC client, with Polly resilience inside
/// the operation budget; failures to reach the cluster surface as <see cref="StoreUnavailableException"/> naming the
/// node and the failure.
/// </summary>
public sealed class EventStoreStreamStore : IStreamStore
{
    private readonly IEventStoreClient _client;
    private readonly StreamQueries _queries;
    private readonly EventAppender _appender;
    private readonly StreamRetention _retention;
    private readonly AppendSignals _signals;
    private readonly AllStreamWatcher _watcher;
    private readonly PositionWatermark _watermark = new();
    private readonly OperationGate _gate;
    private readonly TimeSpan _drainLimit;
    private readonly ILogger _logger;
    private int _disposed;

    private EventStoreStreamStore(IEventStoreClient client, EventStoreStreamStoreOptions options, ILogger logger)
    {
        _client = client;
        _logger = logger;
        _gate = new OperationGate(this);
        _drainLimit = options.OperationTimeout + TimeSpan.FromSeconds(1);
        Description = client.Description;
        _signals = new AppendSignals(logger, Description);
        _queries = new StreamQueries(client, _watermark);
        var catalog = new StreamCatalog(client, options.CatalogStream);
        _appender = new EventAppender(client, _queries, catalog, _watermark, _signals, new AppendLimit(options.MaxAppendBytes), logger);
        _retention = new StreamRetention(_queries, new StreamMetadataWriter(client), catalog, options.TimeProvider);
        _watcher = new AllStreamWatcher(client, _signals, _watermark, options.WatchedStreamPrefix, logger);
    }

    public string Description { get; }

    /// <summary>The filtered $all subscription sees every gateway's appends, so gateways need not tell each other.</summary>
    public bool ReportsAppendsFromOtherGateways => true;

    /// <summary>
    /// Connects to the cluster the connection string names. A cluster that does not answer yet does not fail the open:
    /// the store then answers every call with <see cref="StoreUnavailableException"/> until it does (a gateway is
    /// stateless and should come up and say what is wrong).
    /// </summary>
    /// <exception cref="FormatException">The connection string is not a valid EventStoreDB connection string.</exception>
    public static Task<EventStoreStreamStore> OpenAsync(EventStoreStreamStoreOptions options, ILoggerFactory? loggers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var settings = EventStoreConnectionString.Parse(options.ConnectionString);
        var resilience = new ResilienceOptions
        {
            OperationTimeout = options.OperationTimeout,
            AttemptTimeout = settings.DefaultDeadline ?? options.AttemptTimeout,
            MaxRetries = options.MaxRetries,
        };
        var client = new EventStoreClient(settings, resilience, (ILogger?)loggers?.CreateLogger<EventStoreClient>() ?? NullLogger.Instance, options.TimeProvider);
        return OpenAsync(client, options, (ILogger?)loggers?.CreateLogger<EventStoreStreamStore>() ?? NullLogger.Instance, ct);
    }

    /// <summary>Opens over a given client (tests use one pointed at a local HTTP/2 endpoint).</summary>
    internal static async Task<EventStoreStreamStore> OpenAsync(IEventStoreClient client, EventStoreStreamStoreOptions options, ILogger logger, CancellationToken ct)
    {
        var store = new EventStoreStreamStore(client, options, logger);
        await store.FindLogEndAsync(ct).ConfigureAwait(false);
        return store;
    }

    public ValueTask<AppendResult> AppendAsync(string stream, ReadOnlyMemory<EventToAppend> events, long? expectedNextRevision = null, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        if (expectedNextRevision < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedNextRevision), expectedNextRevision, "An expected next revision cannot be negative.");
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AppendResult>(cancellationToken);
        }
        return RunAsync(Subject("append to", stream), (stream, events, expectedNextRevision),
            static (store, a, ct) => store._appender.AppendAsync(a.stream, a.events, a.expectedNextRevision, ct), cancellationToken);
    }

    public ValueTask<EventBatch> ReadForwardAsync(string stream, long fromRevision, int maxCount, int maxBytes = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        return RunAsync(Subject("read", stream), (stream, fromRevision, maxCount, maxBytes),
            static (store, a, ct) => store._queries.ReadForwardAsync(a.stream, a.fromRevision, a.maxCount, a.maxBytes, ct), cancellationToken);
    }

    public ValueTask<StoredEvent?> ReadByPositionAsync(long position, CancellationToken cancellationToken = default)
        => RunAsync($"read the event at position {position}", position, static (store, p, ct) => store._queries.ReadByPositionAsync(p, ct), cancellationToken);

    public ValueTask<StreamBounds> GetBoundsAsync(string stream, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        return RunAsync(Subject("read the bounds of", stream), stream, static async (store, s, ct) =>
            (await store._queries.ProbeAsync(s, fromLeader: false, ct).ConfigureAwait(false))?.Bounds ?? default, cancellationToken);
    }

    public ValueTask<long> FindRevisionByTimeAsync(string stream, long timestampMs, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        return RunAsync(Subject("search by time in", stream), (stream, timestampMs),
            static (store, a, ct) => store._queries.FindRevisionByTimeAsync(a.stream, a.timestampMs, ct), cancellationToken);
    }

    public ValueTask<long?> GetFirstTimestampAsync(string stream, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        return RunAsync(Subject("read the first timestamp of", stream), stream, static (store, s, ct) => store._queries.GetFirstTimestampAsync(s, ct), cancellationToken);
    }

    public ValueTask TruncateBeforeAsync(string stream, long revision, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        return new ValueTask(RunAsync(Subject("truncate", stream), (stream, revision), static async (store, a, ct) =>
        {
            await store._retention.TruncateBeforeAsync(a.stream, a.revision, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).AsTask());
    }

    public ValueTask ApplyMaxAgeAsync(string streamPrefix, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        return new ValueTask(RunAsync($"apply a max age of {maxAge} to streams '{streamPrefix}*'", (streamPrefix, maxAge), static async (store, a, ct) =>
        {
            await store._retention.ApplyMaxAgeAsync(a.streamPrefix, a.maxAge, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).AsTask());
    }

    /// <summary>
    /// Soft-deletes the stream: it reads as missing (bounds (0, 0)) until appended to again. Unlike the embedded store,
    /// EventStoreDB then continues the old revisions rather than restarting at 0 (see docs/storage.md).
    /// </summary>
    public ValueTask DeleteStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        ValidateStream(stream);
        return new ValueTask(RunAsync(Subject("delete", stream), stream, static async (store, s, ct) =>
        {
            try
            {
                await store._client.DeleteAsync(s, ExpectedRevision.Any, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WrongExpectedVersionException or StreamDeletedException)
            {
                // Never existed (the server answers a wrong expected version even for 'any') or already tombstoned.
            }
            return true;
        }, cancellationToken).AsTask());
    }

    /// <summary>Starts the $all subscription on the first call; the handler also hears this store's own appends at once.</summary>
    public IDisposable SubscribeToAppends(Action<StreamAppended> handler)
    {
        var subscription = _signals.Subscribe(handler);
        if (!_gate.IsClosed)
        {
            _watcher.EnsureStarted();
        }
        return subscription;
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        if (_gate.IsClosed)
        {
            return false;
        }
        try
        {
            using var lease = _gate.Enter();
            await _client.ReadGossipAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is EventStoreClientException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Lets operations already started finish (within the operation timeout), then stops the subscription and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _gate.CloseAsync(_drainLimit).ConfigureAwait(false);
        await _watcher.DisposeAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        EventStoreStoreLog.Closed(_logger, Description);
    }

    /// <summary>The subscription's state, for tests.</summary>
    internal AllStreamWatcher Watcher => _watcher;

    // The last event in the log: new writes land after it (the duplicate test), and the watch resumes after it.
    private async Task FindLogEndAsync(CancellationToken ct)
    {
        try
        {
            var tail = await _client.ReadAsync(StreamsRequests.ReadAllBackwardsFromEnd(1), long.MaxValue, fromLeader: true, ct).ConfigureAwait(false);
            if (tail.Events is [var last])
            {
                _watermark.Observe(last.PreparePosition);
                _watcher.ResumeAfter = (last.CommitPosition, last.PreparePosition);
            }
            EventStoreStoreLog.Opened(_logger, Description, _watermark.Current);
        }
        catch (EventStoreClientException ex)
        {
            EventStoreStoreLog.OpenedUnreachable(_logger, Description, ex.Message);
        }
    }

    private async ValueTask<TResult> RunAsync<TArgs, TResult>(
        string what, TArgs args, Func<EventStoreStreamStore, TArgs, CancellationToken, Task<TResult>> body, CancellationToken ct)
    {
        using var lease = _gate.Enter();
        try
        {
            return await body(this, args, ct).ConfigureAwait(false);
        }
        catch (EventStoreClientException ex)
        {
            throw StoreFailures.Map(ex, what);
        }
    }

    private static string Subject(string operation, string stream) => $"{operation} stream '{stream}'";

    private static void ValidateStream(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (stream.StartsWith('$'))
        {
            throw new ArgumentException($"'{stream}' starts with '$', EventStoreDB's prefix for system streams; store streams cannot.", nameof(stream));
        }
    }

    private static void Validate(EventStoreStreamStoreOptions options)
    {
        if (options.MaxAppendBytes < 1)
        {
            throw new ArgumentException($"MaxAppendBytes must be positive; it is {options.MaxAppendBytes}.", nameof(options));
        }
        if (string.IsNullOrEmpty(options.WatchedStreamPrefix) || options.WatchedStreamPrefix.StartsWith('$'))
        {
            throw new ArgumentException($"WatchedStreamPrefix must be a non-empty prefix not starting with '$'; it is '{options.WatchedStreamPrefix}'.", nameof(options));
        }
        if (string.IsNullOrEmpty(options.CatalogStream) || options.CatalogStream.StartsWith('$')
            || options.CatalogStream.StartsWith(options.WatchedStreamPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"CatalogStream '{options.CatalogStream}' must be a plain stream name outside '{options.WatchedStreamPrefix}'.", nameof(options));
        }
        if (options.OperationTimeout <= TimeSpan.Zero || options.AttemptTimeout <= TimeSpan.Zero || options.MaxRetries < 0)
        {
            throw new ArgumentException("OperationTimeout and AttemptTimeout must be positive and MaxRetries not negative.", nameof(options));
        }
    }
}
