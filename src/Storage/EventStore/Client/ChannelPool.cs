using System.Collections.Concurrent;
using EventBroker.Storage.EventStore.Grpc;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>One channel (HTTP/2 connection pool) per node, made on first use and kept until the client closes.</summary>
internal sealed class ChannelPool(GrpcChannelOptions options, Func<NodeEndpoint, HttpMessageHandler?>? handlerFactory = null) : IDisposable
{
    private readonly ConcurrentDictionary<NodeEndpoint, GrpcChannel> _channels = new();
    private volatile bool _disposed;

    public GrpcChannelOptions Options => options;

    public GrpcChannel Get(NodeEndpoint node)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_channels.TryGetValue(node, out var channel))
        {
            return channel;
        }
        var created = new GrpcChannel(node, options, handlerFactory?.Invoke(node));
        channel = _channels.GetOrAdd(node, created);
        if (!ReferenceEquals(channel, created))
        {
            created.Dispose();
        }
        return channel;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
    }
}
