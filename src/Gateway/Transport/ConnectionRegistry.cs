using System.Collections.Concurrent;

namespace EventBroker.Gateway.Transport;

/// <summary>The connections this gateway holds, for broker→client calls and for the connection counts in /health.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new();

    public event Action<ClientConnection>? ConnectionClosed;

    public int Count => _connections.Count;

    public IEnumerable<ClientConnection> All => _connections.Values;

    internal void Add(ClientConnection connection) => _connections[connection.Id] = connection;

    internal void Remove(ClientConnection connection)
    {
        if (_connections.TryRemove(connection.Id, out _))
        {
            ConnectionClosed?.Invoke(connection);
        }
    }

    /// <summary>Closes every client connection (graceful shutdown), so clients fail over at once instead of timing out.</summary>
    public void AbortAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }
    }

    /// <summary>Live connections of a client on a logical broker port (or any port when broker is null).</summary>
    public IEnumerable<ClientConnection> FindByClientId(string clientId) =>
        _connections.Values.Where(c => c.ClientId == clientId && !c.IsClosed);
}
