using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>The parts of the store's state that are persisted.</summary>
internal sealed record RoutingTables(
    ConfigTable<TopicConfig> Topics,
    ConfigTable<SubscriptionGroupConfig> Groups,
    OffsetTable Offsets,
    KvConfigTable Kv);
