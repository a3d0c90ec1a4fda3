namespace EventBroker.Routing;

/// <summary>
/// The routing store cannot serve the request now because its backend is unreachable or refusing requests (for
/// the Redis store: Redis down, unreachable, timing out, loading or read-only). The message says which backend
/// and why, for the remark of a SERVICE_NOT_AVAILABLE answer. It is transient: the store reconnects by itself,
/// so a later call may succeed.
/// </summary>
public sealed class RoutingUnavailableException : Exception
{
    public RoutingUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
