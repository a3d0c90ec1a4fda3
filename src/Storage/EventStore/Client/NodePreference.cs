namespace EventBroker.Storage.EventStore.Client;

/// <summary>Which cluster member reads (and subscriptions) go to; writes always go to the leader.</summary>
internal enum NodePreference
{
    Leader,
    Follower,
    Random,
    ReadOnlyReplica,
}
