using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.Streams;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// The few EventStoreDB operations the stream store needs. Implementations choose the node, retry transient
/// failures and throw <see cref="EventStoreClientException"/>s that name the node and the failure.
/// </summary>
internal interface IEventStoreClient : IAsyncDisposable
{
    /// <summary>The connection string without its password.</summary>
    string Description { get; }

    /// <summary>Appends to the leader. A wrong expected version is a result (<see cref="AppendOutcome.Succeeded"/> false), not an error.</summary>
    Task<AppendOutcome> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<ProposedEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// A stream or $all read. Stops early (cancelling the call) before the event that would take the data past
    /// <paramref name="maxDataBytes"/>, keeping at least one. <paramref name="fromLeader"/> reads where writes go, to
    /// see a write just acknowledged (a follower may lag).
    /// </summary>
    Task<ReadResult> ReadAsync(ReadReq request, long maxDataBytes, bool fromLeader, CancellationToken cancellationToken);

    /// <summary>Soft-deletes a stream on the leader.</summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at <paramref name="expected"/> (or never existed).</exception>
    Task DeleteAsync(string stream, ExpectedRevision expected, CancellationToken cancellationToken);

    /// <summary>One subscription call, without retries: the messages as they come, until it fails or is cancelled.</summary>
    IAsyncEnumerable<ReadResp> SubscribeAsync(ReadReq request, CancellationToken cancellationToken);

    /// <summary>Gossip/Read on the node reads go to: the cheapest call every node answers.</summary>
    Task<ClusterInfo> ReadGossipAsync(CancellationToken cancellationToken);
}
