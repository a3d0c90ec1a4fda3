using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos.Gossip;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Picks the node to connect to from a gossip answer, as the official clients do: alive members in a serving state,
/// ordered by the preference (ties keep gossip order, except for <see cref="NodePreference.Random"/>).
/// </summary>
internal static class MemberSelector
{
    public static NodeEndpoint? Pick(ClusterInfo cluster, NodePreference preference, Random random)
    {
        var candidates = cluster.Members
            .Where(m => m.IsAlive && IsServing(m.State) && m.HttpEndPoint is { Address.Length: > 0, Port: > 0 })
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var chosen = preference == NodePreference.Random
            ? candidates[random.Next(candidates.Count)]
            : candidates.OrderBy(m => Rank(m.State, preference)).First();
        return new NodeEndpoint(chosen.HttpEndPoint.Address, (int)chosen.HttpEndPoint.Port);
    }

    private static bool IsServing(MemberInfo.Types.VNodeState state) => state is MemberInfo.Types.VNodeState.Leader
        or MemberInfo.Types.VNodeState.Follower
        or MemberInfo.Types.VNodeState.ReadOnlyReplica
        or MemberInfo.Types.VNodeState.PreReadOnlyReplica
        or MemberInfo.Types.VNodeState.ReadOnlyLeaderless;

    private static int Rank(MemberInfo.Types.VNodeState state, NodePreference preference) => preference switch
    {
        NodePreference.Leader => state == MemberInfo.Types.VNodeState.Leader ? 0 : 1,
        NodePreference.Follower => state == MemberInfo.Types.VNodeState.Follower ? 0 : 1,
        _ => state is MemberInfo.Types.VNodeState.ReadOnlyReplica or MemberInfo.Types.VNodeState.PreReadOnlyReplica
            or MemberInfo.Types.VNodeState.ReadOnlyLeaderless ? 0 : 1,
    };
}
