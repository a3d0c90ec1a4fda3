using System.Collections.Concurrent;
using EventBroker.Client.Internal.Instance;
using EventBroker.Protocol.Bodies;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// A push consumer (DefaultMQPushConsumerImpl): rebalancing decides its queues, one pull loop per queue fills a
/// <see cref="ProcessQueue"/>, and a consume service hands the messages to the handler and moves the offsets.
/// </summary>
internal sealed partial class PushConsumer : IPushConsumer, IConsumerMember
{
    private const int Created = 0;
    private const int Starting = 1;
    private const int Running = 2;
    private const int Stopped = 3;

    /// <summary>How often an orderly member renews its queue locks (RebalanceService's lockAll timer).</summary>
    private static readonly TimeSpan LockRenewalInterval = TimeSpan.FromSeconds(20);

    private readonly ClientInstance _instance;
    private readonly PushConsumerOptions _options;
    private readonly Dictionary<string, SubscriptionData> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MessageQueue, ProcessQueue> _queues = new();
    private readonly ConsumerRpc _rpc;
    private readonly IOffsetStore _offsets;
    private readonly QueueLocks _locks;
    private readonly ConsumeContext _context;
    private readonly IConsumeService _consume;
    private readonly SemaphoreSlim _rebalanceGate = new(1, 1);
    private readonly DateTimeOffset _consumeTimestamp;
    private readonly ILogger _logger;
    private PeriodicWork? _lockRenewal;
    private DateTimeOffset _startedAt;
    private int _state;
    private volatile bool _paused;

    public PushConsumer(ClientInstance instance, PushConsumerOptions options, MessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _instance = instance;
        _options = options;
        _logger = instance.LoggerFactory.CreateLogger<PushConsumer>();
        var subVersion = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var subscription in options.Subscriptions)
        {
            _subscriptions[subscription.Topic] = Subscriptions.Build(subscription.Topic, subscription.Selector, subVersion);
        }
        if (Clustering)
        {
            // A clustering member also consumes its group's retry topic, where redelivered messages arrive.
            _subscriptions[Names.RetryTopic(options.Group)] = Subscriptions.Build(Names.RetryTopic(options.Group), MessageSelector.All, subVersion);
        }
        _consumeTimestamp = options.ConsumeTimestamp ?? DateTimeOffset.UtcNow.AddMinutes(-30);
        _rpc = new ConsumerRpc(instance.Remoting, instance.Routes, instance.Options.RequestTimeout);
        _offsets = Clustering
            ? new BrokerOffsetStore(_rpc, options.Group, _logger)
            : new LocalFileOffsetStore(options.OffsetStoreDirectory, instance.ClientId, options.Group, _logger);
        _locks = new QueueLocks(instance.Remoting, _rpc, options.Group, instance.ClientId, _logger);
        _context = new ConsumeContext
        {
            Group = options.Group,
            Options = options,
            Handler = handler,
            Offsets = _offsets,
            SendBack = new SendBack(instance.Remoting, _rpc, () => instance.InnerProducer, options.Group, options.EffectiveMaxReconsumeTimes, _logger),
            Locks = _locks,
            Logger = _logger,
        };
        _consume = options.ConsumeOrderly ? new OrderlyConsumeService(_context) : new ConcurrentConsumeService(_context);
    }

    public string Group => _options.Group;

    public IReadOnlyCollection<MessageQueue> AssignedQueues => [.. _queues.Keys.Order()];

    public IEnumerable<string> Topics => _subscriptions.Keys;

    /// <summary>Cancelled once the consumer begins to stop, however that was asked for.</summary>
    internal CancellationToken Stopping => _context.Stopping;

    private bool Clustering => _options.MessageModel == MessageModel.Clustering;

    private bool LocksQueues => _options.ConsumeOrderly && Clustering;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Starting, Created) != Created)
        {
            throw new InvalidOperationException($"The consumer of group '{Group}' was already started.");
        }
        _instance.RegisterConsumer(this);
        try
        {
            _startedAt = DateTimeOffset.UtcNow;
            await _offsets.LoadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var topic in _subscriptions.Keys)
            {
                await UpdateRouteAsync(topic, cancellationToken).ConfigureAwait(false);
            }
            await CheckSql92SupportAsync(cancellationToken).ConfigureAwait(false);
            await _instance.SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, Running);
            await RebalanceAsync(cancellationToken).ConfigureAwait(false);
            if (LocksQueues)
            {
                _lockRenewal = new PeriodicWork("queue lock renewal", LockRenewalInterval, LockRenewalInterval,
                    ct => _locks.LockAllAsync(_queues.Values, ct), _logger);
            }
            ClientLog.ConsumerStarted(_logger, Group, _instance.ClientId, _options.MessageModel, _options.ConsumeOrderly);
        }
        catch
        {
            Volatile.Write(ref _state, Stopped);
            await _instance.UnregisterConsumerAsync(this).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, Stopped) is Created or Stopped)
        {
            return;
        }
        if (_lockRenewal is not null)
        {
            await _lockRenewal.DisposeAsync().ConfigureAwait(false);
        }
        // Pulls stop at once; handlers already running may finish and commit within the grace period.
        await _context.StopAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        await _rebalanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var queue in _queues.Values)
            {
                queue.Dropped = true;
            }
            var queues = _queues.Keys.ToList();
            await _offsets.PersistAllAsync(queues, final: true, cancellationToken).ConfigureAwait(false);
            if (LocksQueues)
            {
                await _locks.UnlockAsync(queues, oneway: false, cancellationToken).ConfigureAwait(false);
            }
            _queues.Clear();
        }
        finally
        {
            _rebalanceGate.Release();
        }
        await _instance.UnregisterConsumerAsync(this).ConfigureAwait(false);
        ClientLog.ConsumerStopped(_logger, Group, _instance.ClientId);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public ConsumerData HeartbeatData() => new()
    {
        GroupName = Group,
        ConsumeType = ConsumeType.CONSUME_PASSIVELY,
        MessageModel = Subscriptions.ToWire(_options.MessageModel),
        ConsumeFromWhere = Subscriptions.ToWire(_options.ConsumeFromWhere),
        SubscriptionDataSet = [.. _subscriptions.Values],
        UnitMode = false,
    };

    public async Task PersistOffsetsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _state) == Running)
        {
            await _offsets.PersistAllAsync(_queues.Keys.ToList(), final: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
