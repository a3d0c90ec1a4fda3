namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>Per-call settings.</summary>
/// <param name="Deadline">Sent as grpc-timeout and enforced locally; null for calls without an end (subscriptions).</param>
/// <param name="RequiresLeader">Adds <c>requires-leader: true</c>: a follower then answers NotLeader instead of serving or forwarding.</param>
internal readonly record struct GrpcCallOptions(TimeSpan? Deadline, bool RequiresLeader = false);
