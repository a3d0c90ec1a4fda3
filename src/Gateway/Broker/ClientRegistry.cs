using System.Collections.Concurrent;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Producer and consumer membership as learned from heartbeats, kept in the routing store, plus which of this
/// gateway's connections each consumer heartbeats over, so that NOTIFY_CONSUMER_IDS_CHANGED reaches every member
/// connected here and a closed connection's client leaves its groups.
/// </summary>
public sealed partial class ClientRegistry
{
    private readonly IRoutingStore _routing;
    private readonly BrokerTopology _topology;
    private readonly ILogger<ClientRegistry> _logger;

    // group → connection id → connection, for consumers whose heartbeats arrive on this gateway.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ClientConnection>> _consumerConnections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ClientConnection>> _producerConnections = new(StringComparer.Ordinal);

    public ClientRegistry(IRoutingStore routing, BrokerTopology topology, ConnectionRegistry connections, ILogger<ClientRegistry> logger)
    {
        _routing = routing;
        _topology = topology;
        _logger = logger;
        connections.ConnectionClosed += connection => _ = OnConnectionClosedAsync(connection);
    }

    public const string ConsumersChangedChannel = "consumers-changed";

    /// <summary>Listens for membership changes announced by any gateway (this one included) and tells the local members.</summary>
    public async Task StartAsync(CancellationToken ct) =>
        _subscription = await _routing.SubscribeAsync(ConsumersChangedChannel,
            message => NotifyLocalMembers(System.Text.Encoding.UTF8.GetString(message.Span)), ct).ConfigureAwait(false);

    private IAsyncDisposable? _subscription;

    /// <summary>
    /// Announces that a group's membership changed: every gateway then sends NOTIFY_CONSUMER_IDS_CHANGED to the
    /// group's members connected to it, so consumers attached to other gateways rebalance too.
    /// </summary>
    public void NotifyConsumerIdsChanged(string group) => _ = AnnounceAsync(group);

    private async Task AnnounceAsync(string group)
    {
        try
        {
            await _routing.PublishAsync(ConsumersChangedChannel, System.Text.Encoding.UTF8.GetBytes(group)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Other gateways' members still rebalance on their 20 s timer; ours are told directly.
            LogAnnounceFailed(ex, group);
            NotifyLocalMembers(group);
        }
    }

    public ClientRegistration Describe(ClientConnection connection, string clientId) =>
        new(clientId, connection.RemoteAddress, connection.Language, connection.Version, _topology.GatewayId);

    public async ValueTask RegisterConsumerAsync(ClientConnection connection, string clientId, ConsumerData data, CancellationToken ct)
    {
        _consumerConnections.GetOrAdd(data.GroupName, _ => new(StringComparer.Ordinal))[connection.Id] = connection;
        var changed = await _routing.RegisterConsumerAsync(Describe(connection, clientId), data, ct).ConfigureAwait(false);
        if (changed)
        {
            LogMembershipChanged(data.GroupName, clientId, "joined");
            NotifyConsumerIdsChanged(data.GroupName);
        }
    }

    public async ValueTask RegisterProducerAsync(ClientConnection connection, string clientId, string group, CancellationToken ct)
    {
        _producerConnections.GetOrAdd(group, _ => new(StringComparer.Ordinal))[connection.Id] = connection;
        await _routing.RegisterProducerAsync(Describe(connection, clientId), group, ct).ConfigureAwait(false);
    }

    public async ValueTask UnregisterConsumerAsync(string group, string clientId, CancellationToken ct)
    {
        if (_consumerConnections.TryGetValue(group, out var byConnection))
        {
            foreach (var (id, c) in byConnection)
            {
                if (c.ClientId == clientId)
                {
                    byConnection.TryRemove(id, out _);
                }
            }
        }
        if (await _routing.UnregisterConsumerAsync(group, clientId, ct).ConfigureAwait(false))
        {
            LogMembershipChanged(group, clientId, "left");
            NotifyConsumerIdsChanged(group);
        }
    }

    public async ValueTask UnregisterProducerAsync(string group, string clientId, CancellationToken ct)
    {
        if (_producerConnections.TryGetValue(group, out var byConnection))
        {
            foreach (var (id, c) in byConnection)
            {
                if (c.ClientId == clientId)
                {
                    byConnection.TryRemove(id, out _);
                }
            }
        }
        await _routing.UnregisterProducerAsync(group, clientId, ct).ConfigureAwait(false);
    }

    /// <summary>Sends NOTIFY_CONSUMER_IDS_CHANGED (oneway) to every member of the group connected to this gateway.</summary>
    private void NotifyLocalMembers(string group)
    {
        if (!_consumerConnections.TryGetValue(group, out var byConnection))
        {
            return;
        }
        foreach (var connection in byConnection.Values)
        {
            if (connection.IsClosed)
            {
                continue;
            }
            var request = RemotingCommand.CreateRequest((int)RequestCode.NotifyConsumerIdsChanged);
            request.Language = LanguageCode.JAVA;
            request.AddExt("consumerGroup", group);
            connection.SendOneway(request);
        }
    }

    /// <summary>Drops clients silent for longer than the expiry and tells the remaining members of changed groups.</summary>
    public async Task ExpireAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = await _routing.ExpireClientsAsync(now, ct).ConfigureAwait(false);
        foreach (var group in changed)
        {
            LogMembershipChanged(group, "(expired)", "expired");
            NotifyConsumerIdsChanged(group);
        }
    }

    /// <summary>
    /// A closed connection takes its client out of every group it heartbeated over it, unless the same client still
    /// heartbeats the group over another connection to this gateway (one per logical broker port).
    /// </summary>
    private async Task OnConnectionClosedAsync(ClientConnection connection)
    {
        if (connection.ClientId is not { } clientId)
        {
            return;
        }
        try
        {
            foreach (var (group, byConnection) in _consumerConnections)
            {
                if (byConnection.TryRemove(connection.Id, out _) && !byConnection.Values.Any(c => c.ClientId == clientId))
                {
                    if (await _routing.UnregisterConsumerAsync(group, clientId, CancellationToken.None).ConfigureAwait(false))
                    {
                        LogMembershipChanged(group, clientId, "disconnected");
                        NotifyConsumerIdsChanged(group);
                    }
                }
            }
            foreach (var (group, byConnection) in _producerConnections)
            {
                if (byConnection.TryRemove(connection.Id, out _) && !byConnection.Values.Any(c => c.ClientId == clientId))
                {
                    await _routing.UnregisterProducerAsync(group, clientId, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            LogCloseCleanupFailed(ex, connection.Id, clientId);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Consumer group {Group}: client {ClientId} {Change}")]
    private partial void LogMembershipChanged(string group, string clientId, string change);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not announce the membership change of group {Group} to other gateways")]
    private partial void LogAnnounceFailed(Exception ex, string group);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Could not remove client {ClientId} of closed connection {ConnectionId} from its groups")]
    private partial void LogCloseCleanupFailed(Exception ex, string connectionId, string clientId);
}
