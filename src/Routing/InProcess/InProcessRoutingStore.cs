using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// The routing store of a single-node broker: everything in memory, with topics, groups, consumer offsets and the
/// kv config persisted under <see cref="InProcessRoutingOptions.DataDirectory"/> in RocketMQ's file names and shapes.
/// Every operation completes synchronously (the cancellation tokens are not observed, there is nothing to wait for)
/// and is safe to call concurrently; no lock is ever held across an await.
/// </summary>
public sealed partial class InProcessRoutingStore : IRoutingStore
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _clientExpiry;
    private readonly ConfigTable<TopicConfig> _topics;
    private readonly ConfigTable<SubscriptionGroupConfig> _groups;
    private readonly OffsetTable _offsets = new();
    private readonly KvConfigTable _kv;
    private readonly GroupMembership<ConsumerMember> _consumers = new(member => member.Client.LastSeen);
    private readonly GroupMembership<ClientRegistration> _producers = new(client => client.LastSeen);
    private readonly GatewayTable _gateways;
    private readonly QueueLockTable _queueLocks;
    private readonly LeaseTable _leases;
    private readonly InProcessMessageBus _bus;
    private readonly DataDirectoryLock? _directoryLock;
    private readonly RoutingStatePersister? _persister;
    private int _disposed;

    /// <summary>
    /// Opens the store, reading persisted state synchronously when there is a data directory (the files are small);
    /// <see cref="OpenAsync"/> does the same off the caller's thread. Throws <see cref="InvalidDataException"/>
    /// naming the file when a state file and its backup are both unusable, and <see cref="IOException"/> when
    /// another store has the directory open.
    /// </summary>
    public InProcessRoutingStore(InProcessRoutingOptions options, ILogger<InProcessRoutingStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentException.ThrowIfNullOrEmpty(options.FirstBrokerName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClientExpiry, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OffsetFlushInterval, TimeSpan.Zero);
        ILogger log = logger ?? NullLogger<InProcessRoutingStore>.Instance;

        _time = options.TimeProvider;
        _clientExpiry = options.ClientExpiry;
        _topics = new ConfigTable<TopicConfig>(t => t.TopicName, t => t.Clone(), _time, OnMetadataChanged);
        _groups = new ConfigTable<SubscriptionGroupConfig>(g => g.GroupName, g => g.Clone(), _time, OnMetadataChanged);
        _kv = new KvConfigTable(OnMetadataChanged);
        _gateways = new GatewayTable(_time);
        _queueLocks = new QueueLockTable(_time);
        _leases = new LeaseTable(_time);

        if (options.DataDirectory is { } directory)
        {
            directory = Path.GetFullPath(directory);
            Directory.CreateDirectory(directory);
            _directoryLock = DataDirectoryLock.Acquire(directory);
            try
            {
                var tables = new RoutingTables(_topics, _groups, _offsets, _kv);
                var files = new RoutingStateFiles(directory, tables, options.FirstBrokerName);
                files.Load(log);
                _persister = new RoutingStatePersister(files, tables, options.OffsetFlushInterval, _time, log);
            }
            catch
            {
                _directoryLock.Dispose();
                throw;
            }
            Description = $"in-process routing store ({directory})";
        }
        else
        {
            Description = "in-process routing store (memory only)";
        }
        // Started last: a failed load above must not leave a dispatcher task behind.
        _bus = new InProcessMessageBus(log);
    }

    /// <summary>Opens the store and loads its persisted state without blocking the caller.</summary>
    public static Task<InProcessRoutingStore> OpenAsync(InProcessRoutingOptions options, ILogger<InProcessRoutingStore>? logger = null, CancellationToken cancellationToken = default)
        => Task.Run(() => new InProcessRoutingStore(options, logger), cancellationToken);

    public string Description { get; }

    /// <summary>Delivers messages already published, then writes every pending change to the data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        try
        {
            await _bus.DisposeAsync().ConfigureAwait(false);
            if (_persister is not null)
                await _persister.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _directoryLock?.Dispose();
        }
    }

    private void OnMetadataChanged() => _persister?.MetadataChanged();

    // Changes after disposal would never reach the files, so they fail loudly instead.
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
