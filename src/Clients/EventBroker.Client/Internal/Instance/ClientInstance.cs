using System.Collections.Concurrent;
using EventBroker.Client.Internal.Producing;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Client.Internal.Routing;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Instance;

/// <summary>
/// What the producers and consumers of one client share (MQClientInstance): connections, routes, the client id, and
/// the timers: routes every 30 s, heartbeats every 30 s (and at once to a broker seen for the first time), rebalancing
/// every 20 s (and at once when a broker says the group changed), offset commits every 5 s.
/// </summary>
internal sealed class ClientInstance : IAsyncDisposable
{
    /// <summary>MixAll.CLIENT_INNER_PRODUCER_GROUP: sends the consumers' retry copies.</summary>
    public const string InnerProducerGroup = "CLIENT_INNER_PRODUCER";

    private readonly ConcurrentDictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IConsumerMember> _consumers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _publishedTopics = new(StringComparer.Ordinal);
    private readonly ConnectionPool? _ownedPool;
    private readonly PeriodicWork _routeRefresh;
    private readonly PeriodicWork _heartbeat;
    private readonly PeriodicWork _rebalance;
    private readonly PeriodicWork _persistOffsets;
    private readonly Lazy<Producer> _innerProducer;
    private readonly ILogger _logger;

    /// <param name="remoting">A substitute network for unit tests; null opens real connections.</param>
    public ClientInstance(EventBrokerClientOptions options, ILoggerFactory loggerFactory, IRemotingClient? remoting = null, TimeProvider? time = null)
    {
        options.Validate();
        Options = options;
        LoggerFactory = loggerFactory;
        Time = time ?? TimeProvider.System;
        ClientId = ClientIdentity.Create(options);
        _logger = loggerFactory.CreateLogger<ClientInstance>();
        ServerRequests = new ServerRequests(this, loggerFactory.CreateLogger<ServerRequests>());
        if (remoting is null)
        {
            var settings = new ConnectionSettings(options.ConnectTimeout, options.MaxFrameLength, options.ConnectionsPerAddress, options.Credentials);
            _ownedPool = new ConnectionPool(settings, loggerFactory.CreateLogger<ConnectionPool>())
            {
                ServerRequestHandler = ServerRequests,
                Reconnected = OnReconnected,
            };
            remoting = _ownedPool;
        }
        Remoting = remoting;
        NameServers = new NameServerClient(remoting, NameServerList.Resolve(options.NameServers), options.RequestTimeout);
        Routes = new TopicRouteTable(NameServers);
        Replies = new ReplyRegistry();
        _innerProducer = new Lazy<Producer>(() => CreateProducer(new ProducerOptions(InnerProducerGroup), null));

        _routeRefresh = new PeriodicWork("route refresh", options.RouteRefreshInterval, options.RouteRefreshInterval, RefreshRoutesAsync, _logger);
        _heartbeat = new PeriodicWork("heartbeat", TimeSpan.FromSeconds(1), options.HeartbeatInterval, SendHeartbeatAsync, _logger);
        _rebalance = new PeriodicWork("rebalance", options.RebalanceInterval, options.RebalanceInterval, RebalanceAllAsync, _logger);
        _persistOffsets = new PeriodicWork("offset commit", options.OffsetPersistInterval, options.OffsetPersistInterval, PersistOffsetsAsync, _logger);
        Routes.BrokersAdded += _heartbeat.RunSoon;
    }

    public EventBrokerClientOptions Options { get; }

    public string ClientId { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public IRemotingClient Remoting { get; }

    public NameServerClient NameServers { get; }

    public TopicRouteTable Routes { get; }

    public ReplyRegistry Replies { get; }

    public ServerRequests ServerRequests { get; }

    /// <summary>The producer behind the consumers' send-back fallback.</summary>
    public IProducer InnerProducer => _innerProducer.Value;

    public Producer CreateProducer(ProducerOptions options, TransactionChecker? checker)
    {
        var producer = new Producer(this, options, checker);
        if (!_producers.TryAdd(options.Group, producer))
        {
            throw new InvalidOperationException($"The producer group '{options.Group}' already has a producer in this client; use it or pick another group.");
        }
        _heartbeat.RunSoon();
        return producer;
    }

    public Producer? FindProducer(string group) => _producers.GetValueOrDefault(group);

    public async Task UnregisterProducerAsync(Producer producer)
    {
        if (_producers.TryRemove(new KeyValuePair<string, Producer>(producer.Group, producer)))
        {
            await UnregisterClientAsync(producer.Group, null).ConfigureAwait(false);
        }
    }

    public void RegisterConsumer(IConsumerMember consumer)
    {
        if (!_consumers.TryAdd(consumer.Group, consumer))
        {
            throw new InvalidOperationException($"The consumer group '{consumer.Group}' already has a consumer in this client; a client joins a group once.");
        }
    }

    public IConsumerMember? FindConsumer(string group) => _consumers.GetValueOrDefault(group);

    /// <summary>Leaves the group: no more heartbeats for it, then UNREGISTER_CLIENT so the broker tells the others at once.</summary>
    public async Task UnregisterConsumerAsync(IConsumerMember consumer)
    {
        if (_consumers.TryRemove(new KeyValuePair<string, IConsumerMember>(consumer.Group, consumer)))
        {
            await UnregisterClientAsync(null, consumer.Group).ConfigureAwait(false);
        }
    }

    public void TrackPublishedTopic(string topic) => _publishedTopics.TryAdd(topic, 0);

    /// <summary>A broker said a group changed (NOTIFY_CONSUMER_IDS_CHANGED): every consumer rebalances now.</summary>
    public void RebalanceSoon() => _rebalance.RunSoon();

    /// <summary>HEART_BEAT with every producer group and consumer subscription, to every known broker.</summary>
    public async Task SendHeartbeatAsync(CancellationToken cancellationToken)
    {
        if (_producers.IsEmpty && _consumers.IsEmpty)
        {
            return;
        }
        var data = new HeartbeatData { ClientID = ClientId };
        foreach (var group in _producers.Keys)
        {
            data.ProducerDataSet.Add(new ProducerData { GroupName = group });
        }
        foreach (var consumer in _consumers.Values)
        {
            data.ConsumerDataSet.Add(consumer.HeartbeatData());
        }
        var body = data.ToJson();
        var sends = Routes.BrokerAddresses(mastersOnly: _consumers.IsEmpty)
            .Select(address => HeartbeatAsync(address, body, cancellationToken));
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _routeRefresh.DisposeAsync().ConfigureAwait(false);
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        await _rebalance.DisposeAsync().ConfigureAwait(false);
        await _persistOffsets.DisposeAsync().ConfigureAwait(false);
        if (_innerProducer.IsValueCreated)
        {
            await _innerProducer.Value.DisposeAsync().ConfigureAwait(false);
        }
        if (_ownedPool is not null)
        {
            await _ownedPool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A connection came back (say, the broker restarted and forgot this client): heartbeat now.</summary>
    private void OnReconnected(string address) => _heartbeat.RunSoon();

    private async Task HeartbeatAsync(string address, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Remoting.InvokeAsync(address, Responses.Request(RequestCode.HeartBeat, body: body), Options.RequestTimeout, cancellationToken)
                .ConfigureAwait(false);
            response.EnsureCode(address);
        }
        catch (EventBrokerException ex)
        {
            ClientLog.HeartbeatFailed(_logger, address, ex.Message);
        }
    }

    private async Task UnregisterClientAsync(string? producerGroup, string? consumerGroup)
    {
        var header = new UnregisterClientRequestHeader { ClientID = ClientId, ProducerGroup = producerGroup, ConsumerGroup = consumerGroup };
        foreach (var address in Routes.BrokerAddresses(mastersOnly: false))
        {
            try
            {
                using var response = await Remoting.InvokeAsync(address, Responses.Request(RequestCode.UnregisterClient, header.EncodeTo), Options.RequestTimeout, CancellationToken.None)
                    .ConfigureAwait(false);
                response.EnsureCode(address);
            }
            catch (EventBrokerException ex)
            {
                ClientLog.UnregisterFailed(_logger, address, ex.Message);
            }
        }
    }

    private async Task RefreshRoutesAsync(CancellationToken cancellationToken)
    {
        var topics = new HashSet<string>(_publishedTopics.Keys, StringComparer.Ordinal);
        foreach (var consumer in _consumers.Values)
        {
            topics.UnionWith(consumer.Topics);
        }
        foreach (var topic in topics)
        {
            try
            {
                await Routes.UpdateAsync(topic, cancellationToken).ConfigureAwait(false);
            }
            catch (EventBrokerException ex)
            {
                ClientLog.RouteRefreshFailed(_logger, topic, ex.Message);
            }
        }
    }

    private async Task RebalanceAllAsync(CancellationToken cancellationToken)
    {
        foreach (var consumer in _consumers.Values)
        {
            await consumer.RebalanceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PersistOffsetsAsync(CancellationToken cancellationToken)
    {
        foreach (var consumer in _consumers.Values)
        {
            await consumer.PersistOffsetsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The name servers from the options, else NAMESRV_ADDR, else the local default; Java's "a;b" lists split.</summary>
internal static class NameServerList
{
    public const string Local = "127.0.0.1:9876";

    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> configured)
    {
        IEnumerable<string> entries = configured.Count > 0
            ? configured
            : [Environment.GetEnvironmentVariable("NAMESRV_ADDR") is { Length: > 0 } fromEnvironment ? fromEnvironment : Local];
        return entries
            .SelectMany(e => e.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
