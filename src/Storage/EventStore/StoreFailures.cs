using EventBroker.Storage.EventStore.Client;

namespace EventBroker.Storage.EventStore;

/// <summary>Turns the client's failures into the contract's exceptions, keeping the node and the failure in the message.</summary>
internal static class StoreFailures
{
    /// <param name="what">The operation as a phrase, e.g. "append to stream 'mq/c/b/t/0'".</param>
    public static StreamStoreException Map(EventStoreClientException failure, string what)
    {
        return failure switch
        {
            NodeUnavailableException or NotLeaderException
                => new StoreUnavailableException($"EventStoreDB cannot {what} now: {failure.Message}", failure),
            AccessDeniedException
                => new StoreUnavailableException($"EventStoreDB refuses to {what}: {failure.Message}", failure),
            _ => new StreamStoreException($"EventStoreDB failed to {what}: {failure.Message}", failure),
        };
    }
}
