using System.Collections.Concurrent;
using EventBroker.Protocol;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Remoting;

/// <summary>
/// Connections by address, opened on first use and reopened when one closes. Every request is signed here when ACL
/// credentials are set, so no caller can forget it.
/// </summary>
internal sealed class ConnectionPool : IRemotingClient, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, AddressConnections> _byAddress = new(StringComparer.Ordinal);
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private IServerRequestHandler _handler = NoServerRequests.Instance;

    public ConnectionPool(ConnectionSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Set once the owner exists; connections opened afterwards pass server requests to it.</summary>
    public IServerRequestHandler ServerRequestHandler
    {
        set => _handler = value;
    }

    /// <summary>
    /// Called with the address when a connection that had failed or closed is open again: a restarted broker has
    /// forgotten this client, so the owner heartbeats at once rather than at the next 30 s tick.
    /// </summary>
    public Action<string>? Reconnected { get; init; }

    public async Task<RemotingCommand> InvokeAsync(string address, RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Sign(request);
        var connection = await GetAsync(address, cancellationToken).ConfigureAwait(false);
        return await connection.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask InvokeOnewayAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        Sign(request);
        var connection = await GetAsync(address, cancellationToken).ConfigureAwait(false);
        connection.SendOneway(request);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        var closing = new List<Task>();
        foreach (var connections in _byAddress.Values)
        {
            closing.Add(connections.DisposeAsync().AsTask());
        }
        _byAddress.Clear();
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    private void Sign(RemotingCommand request)
    {
        if (_settings.Credentials is { } credentials)
        {
            AclSigner.Sign(request, credentials);
        }
    }

    private Task<RemotingConnection> GetAsync(string address, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var connections = _byAddress.GetOrAdd(address, static (a, pool) => new AddressConnections(a, pool), this);
        return connections.Next().WaitAsync(cancellationToken);
    }

    private Task<RemotingConnection> ConnectAsync(string address) =>
        RemotingConnection.ConnectAsync(address, _handler, _settings, _logger, _disposed.Token);

    private async Task<RemotingConnection> ReconnectAsync(string address)
    {
        var connection = await ConnectAsync(address).ConfigureAwait(false);
        Reconnected?.Invoke(address);
        return connection;
    }

    /// <summary>The connections to one address, used round-robin; a slot whose connection failed or closed is reopened.</summary>
    private sealed class AddressConnections(string address, ConnectionPool pool) : IAsyncDisposable
    {
        private readonly Task<RemotingConnection>?[] _slots = new Task<RemotingConnection>?[pool._settings.ConnectionsPerAddress];
        private int _next = -1;

        public Task<RemotingConnection> Next()
        {
            var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length);
            lock (_slots)
            {
                var slot = _slots[index];
                if (slot is null || slot.IsFaulted || slot.IsCanceled || (slot.IsCompletedSuccessfully && slot.Result.IsClosed))
                {
                    if (slot is { IsCompletedSuccessfully: true })
                    {
                        _ = slot.Result.DisposeAsync().AsTask();
                    }
                    slot = _slots[index] = slot is null ? pool.ConnectAsync(address) : pool.ReconnectAsync(address);
                }
                return slot;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Task<RemotingConnection>?[] slots;
            lock (_slots)
            {
                slots = [.. _slots];
            }
            foreach (var slot in slots)
            {
                if (slot is null)
                {
                    continue;
                }
                try
                {
                    await (await slot.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is BrokerConnectionException or OperationCanceledException)
                {
                    // Never connected: nothing to close.
                }
            }
        }
    }

    private sealed class NoServerRequests : IServerRequestHandler
    {
        public static NoServerRequests Instance { get; } = new();

        public ValueTask<RemotingCommand?> HandleAsync(string address, RemotingCommand request, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RemotingCommand?>(null);
    }
}
