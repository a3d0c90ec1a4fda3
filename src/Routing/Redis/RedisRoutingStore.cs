using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Redis.Resp;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Redis;

/// <summary>
/// The routing store of a gateway cluster: everything in Redis (key layout in docs/redis.md), so every gateway
/// sees the same topics, groups, offsets, members, locks and leases, and gateways talk over Redis pub/sub. Expiry
/// is decided by the store's TimeProvider from times kept in the values; Redis TTLs only clean up after it. Every
/// call is one round trip (atomic steps are Lua scripts) and fails within the Redis sync timeout with a
/// <see cref="RoutingUnavailableException"/> when Redis is unreachable; the connections come back by themselves.
/// </summary>
public sealed partial class RedisRoutingStore : IRoutingStore
{
    private readonly RedisConnection _connection;
    private readonly RedisSubscriber _subscriber;
    private readonly RoutingRedis _redis;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clientExpiry;
    private readonly string _firstBroker;
    private readonly RedisConfigHash<TopicConfig> _topics;
    private readonly RedisConfigHash<SubscriptionGroupConfig> _groups;
    private readonly RedisMemberTable<ConsumerMember> _consumers;
    private readonly RedisMemberTable<ClientRegistration> _producers;
    private int _disposed;

    private RedisRoutingStore(RedisRoutingOptions options, RedisConnection connection, RedisSubscriber subscriber)
    {
        _connection = connection;
        _subscriber = subscriber;
        _redis = new RoutingRedis(connection);
        _keys = new RedisKeys(options.EffectiveKeyPrefix);
        _time = options.TimeProvider;
        _clientExpiry = options.ClientExpiry;
        _firstBroker = options.FirstBrokerName;
        _topics = new RedisConfigHash<TopicConfig>(_redis, _keys.Topics, RedisJsonContext.Default.TopicConfig, t => t.TopicName);
        _groups = new RedisConfigHash<SubscriptionGroupConfig>(_redis, _keys.Groups, RedisJsonContext.Default.SubscriptionGroupConfig, g => g.GroupName);
        _consumers = new RedisMemberTable<ConsumerMember>(_redis, _keys.ConsumersPrefix, _keys.ConsumerSeenPrefix, _keys.ConsumerGroups,
            _clientExpiry, RedisJsonContext.Default.ConsumerMember, m => m.Client.ClientId);
        _producers = new RedisMemberTable<ClientRegistration>(_redis, _keys.ProducersPrefix, _keys.ProducerSeenPrefix, _keys.ProducerGroups,
            _clientExpiry, RedisJsonContext.Default.ClientRegistration, c => c.ClientId);
        var redis = connection.Options;
        Description = $"Redis routing store ({redis.ServiceName ?? redis.EndpointsText}, db {redis.DefaultDatabase}, keys {_keys.Prefix}*)";
    }

    /// <summary>
    /// Opens the command and pub/sub connections. When Redis cannot be reached this throws
    /// <see cref="RoutingUnavailableException"/>, unless the configuration says <c>abortConnect=false</c>: then the
    /// store opens at once, calls fail fast until Redis is reachable, and the connections come up in the background.
    /// </summary>
    /// <exception cref="ArgumentException">A bad configuration string (the message names the option).</exception>
    public static Task<RedisRoutingStore> ConnectAsync(RedisRoutingOptions options, ILogger<RedisRoutingStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectAsync(options, logger, SocketTransport.Factory(options.EffectiveRedis), cancellationToken);
    }

    /// <summary>Over other transports: the server-less tests see every byte the store sends.</summary>
    internal static async Task<RedisRoutingStore> ConnectAsync(RedisRoutingOptions options, ILogger? logger, RespTransportFactory transports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClientExpiry, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(options.EffectiveKeyPrefix, nameof(options));
        RedisKeys.ThrowIfInvalidBroker(options.FirstBrokerName);
        var redis = options.EffectiveRedis;
        RedisConnection? connection = null;
        try
        {
            connection = await RedisConnection.ConnectAsync(redis, logger, transports, cancellationToken).ConfigureAwait(false);
            var subscriber = await RedisSubscriber.ConnectAsync(redis, logger, transports, cancellationToken).ConfigureAwait(false);
            return new RedisRoutingStore(options, connection, subscriber);
        }
        catch (RedisException ex)
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            throw new RoutingUnavailableException(ex.Message, ex);
        }
    }

    public string Description { get; }

    /// <summary>The prefix of every key and channel of this store.</summary>
    public string KeyPrefix => _keys.Prefix;

    /// <summary>host:port of the Redis server in use.</summary>
    public string Endpoint => _connection.Endpoint;

    public bool IsConnected => _connection.IsConnected && _subscriber.IsConnected;

    /// <summary>
    /// Raised after the command connection was lost and is back, for example after a Redis restart: the moment to
    /// check <see cref="IsSeededAsync"/>, since a restart without persistence empties Redis.
    /// </summary>
    public event Action? Reconnected
    {
        add => _connection.Reconnected += value;
        remove => _connection.Reconnected -= value;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _subscriber.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
