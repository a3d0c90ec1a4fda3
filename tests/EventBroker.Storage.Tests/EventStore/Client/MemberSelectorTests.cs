using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.Tests.EventStore.Recordings;

namespace EventBroker.Storage.Tests.EventStore.Client;

/// <summary>Node choice from the recorded gossip of the 3-node cluster (members Follower 2134, Leader 2124, Follower 2114).</summary>
public sealed class MemberSelectorTests
{
    private static ClusterInfo Cluster() => ClusterInfo.Parser.ParseFrom(Recording.Load("21-cluster-not-leader-append").At(6).Bytes);

    [Fact]
    public void Leader_preference_picks_the_leader()
        => Assert.Equal(new NodeEndpoint("127.0.0.1", 2124), MemberSelector.Pick(Cluster(), NodePreference.Leader, new Random(1)));

    [Fact]
    public void Follower_preference_picks_the_first_follower_as_the_official_client_did()
        => Assert.Equal(new NodeEndpoint("127.0.0.1", 2134), MemberSelector.Pick(Cluster(), NodePreference.Follower, new Random(1)));

    [Fact]
    public void Dead_members_and_members_not_serving_are_never_picked()
    {
        var cluster = Cluster();
        cluster.Members[1].IsAlive = false;
        cluster.Members[0].State = MemberInfo.Types.VNodeState.CatchingUp;

        Assert.Equal(new NodeEndpoint("127.0.0.1", 2114), MemberSelector.Pick(cluster, NodePreference.Leader, new Random(1)));
        cluster.Members[2].State = MemberInfo.Types.VNodeState.ShuttingDown;
        Assert.Null(MemberSelector.Pick(cluster, NodePreference.Leader, new Random(1)));
    }

    [Fact]
    public void Random_preference_spreads_over_the_serving_members()
    {
        var random = new Random(7);

        var picked = Enumerable.Range(0, 60).Select(_ => MemberSelector.Pick(Cluster(), NodePreference.Random, random)!.Value.Port).ToHashSet();

        Assert.Equal([2114, 2124, 2134], picked.Order());
    }
}
