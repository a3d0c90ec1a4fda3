namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>A call ended with a status other than OK. <see cref="Node"/> is the host:port it was sent to.</summary>
internal sealed class GrpcCallException(string node, string method, GrpcStatus status, Exception? inner = null)
    : Exception($"{method} on {node}: {status}", inner)
{
    public string Node { get; } = node;

    public string Method { get; } = method;

    public GrpcStatus Status { get; } = status;
}
