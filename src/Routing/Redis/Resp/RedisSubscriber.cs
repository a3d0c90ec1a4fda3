using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// The pub/sub connection (a subscribed RESP2 connection can run no other commands, so it is separate from
/// <see cref="RedisConnection"/>). Every reconnection subscribes again to every channel that has handlers, before
/// callers can use the new connection. Messages are handed to the handlers by one dispatcher task in arrival
/// order, never on the socket reader. Redis pub/sub is at-most-once: messages published while this connection is
/// down are not delivered.
/// </summary>
public sealed partial class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Channel<(string Channel, ReadOnlyMemory<byte> Message)> _inbox =
        Channel.CreateUnbounded<(string, ReadOnlyMemory<byte>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _dispatching;
    private ImmutableDictionary<string, ImmutableArray<Subscription>> _channels = ImmutableDictionary.Create<string, ImmutableArray<Subscription>>(StringComparer.Ordinal);
    private SessionSupervisor? _supervisor;
    private string _target = "";

    private RedisSubscriber(RedisOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _dispatching = Task.Run(DispatchAsync);
    }

    public string Endpoint => _supervisor?.Endpoint ?? _target;

    public bool IsConnected => _supervisor?.IsConnected ?? false;

    /// <summary>Channels with at least one handler.</summary>
    public IReadOnlyCollection<string> Channels => Volatile.Read(ref _channels).Keys.ToList();

    public static Task<RedisSubscriber> ConnectAsync(RedisOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectAsync(options, logger, SocketTransport.Factory(options), cancellationToken);
    }

    internal static async Task<RedisSubscriber> ConnectAsync(RedisOptions options, ILogger? logger, RespTransportFactory transports, CancellationToken cancellationToken)
    {
        var subscriber = new RedisSubscriber(options, logger ?? NullLogger.Instance);
        var connector = new RedisConnector(options, transports, subscriber._logger);
        subscriber._target = connector.Target;
        try
        {
            subscriber._supervisor = await SessionSupervisor.StartAsync(
                options, ct => subscriber.ConnectAndResubscribeAsync(connector, ct), connector.Target, subscriber._logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscriber._inbox.Writer.TryComplete();
            throw;
        }
        return subscriber;
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with every message published on <paramref name="channel"/> from the moment
    /// this returns (Redis has confirmed the subscription) until the returned handle is disposed.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, channel, handler);
        await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool first;
            lock (_gate)
            {
                first = !_channels.TryGetValue(channel, out var handlers);
                _channels = _channels.SetItem(channel, first ? [subscription] : handlers.Add(subscription));
            }
            if (first)
            {
                try
                {
                    await ExecuteAsync("SUBSCRIBE", channel, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    Remove(subscription);
                    throw;
                }
            }
            return subscription;
        }
        finally
        {
            _commands.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is not null)
            await _supervisor.DisposeAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _dispatching.ConfigureAwait(false);
        _commands.Dispose();
    }

    private async Task UnsubscribeAsync(Subscription subscription)
    {
        try
        {
            await _commands.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return; // the subscriber is gone, and its subscriptions with it
        }
        try
        {
            if (!Remove(subscription) || !IsConnected)
                return;
            // Best effort: if this fails the connection is going away, and a new one subscribes only to channels with handlers.
            await ExecuteAsync("UNSUBSCRIBE", subscription.Channel, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Removes a handler; true when it was the channel's last.</summary>
    private bool Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(subscription.Channel, out var handlers))
                return false;
            var rest = handlers.Remove(subscription);
            _channels = rest.IsEmpty ? _channels.Remove(subscription.Channel) : _channels.SetItem(subscription.Channel, rest);
            return rest.IsEmpty;
        }
    }

    private async Task ExecuteAsync(string command, string channel, CancellationToken cancellationToken)
    {
        var request = new RespRequest(command, [channel]);
        _supervisor!.Send(request);
        await request.WaitAsync(_options.SyncTimeout, _supervisor.Endpoint, cancellationToken).ConfigureAwait(false);
    }

    // One attempt of the supervisor: a new connection is handed out only once it is subscribed to every channel again.
    private async Task<RespSession> ConnectAndResubscribeAsync(RedisConnector connector, CancellationToken cancellationToken)
    {
        var session = await connector.ConnectAsync(OnPush, subscriber: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var channels = Volatile.Read(ref _channels).Keys.ToList();
            if (channels.Count == 0)
                return session;
            // Pipelined: all SUBSCRIBEs go out before the first confirmation is awaited.
            var requests = channels.Select(channel => session.Send("SUBSCRIBE", [channel])).ToList();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            foreach (var request in requests)
            {
                var reply = await request.Reply.WaitAsync(timeout.Token).ConfigureAwait(false);
                if (reply.IsError)
                    throw new RedisServerException("SUBSCRIBE", reply.AsString() ?? "");
            }
            RedisLog.Resubscribed(_logger, channels.Count, session.Endpoint);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
