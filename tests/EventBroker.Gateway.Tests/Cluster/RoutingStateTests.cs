using EventBroker.Gateway.Cluster;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>Journal replay of offset checkpoints, including those an older version wrote without a broker.</summary>
public sealed class RoutingStateTests
{
    [Fact]
    public void A_checkpoint_without_brokers_is_the_first_brokers_and_later_per_broker_checkpoints_win()
    {
        var state = new RoutingState("broker-a");

        state.Apply(new RoutingJournalEntry { Type = RoutingJournalEntry.OffsetsCheckpoint, Offsets = new() { ["g"] = new() { ["T@0"] = 12, ["T@1"] = 7 } } });
        state.Apply(new RoutingJournalEntry
        {
            Type = RoutingJournalEntry.OffsetsCheckpoint,
            BrokerOffsets = new()
            {
                ["broker-a"] = new() { ["g"] = new() { ["T@0"] = 13 } },
                ["broker-b"] = new() { ["g"] = new() { ["T@0"] = 40 } },
            },
        });

        Assert.Equal(13, state.Offsets[("broker-a", "g", "T", 0)]);
        Assert.Equal(7, state.Offsets[("broker-a", "g", "T", 1)]);
        Assert.Equal(40, state.Offsets[("broker-b", "g", "T", 0)]);
        Assert.Equal(3, state.Offsets.Count);
    }

    [Fact]
    public void Deleting_a_topic_forgets_its_offsets_on_every_broker()
    {
        var state = new RoutingState("broker-a");
        state.Apply(new RoutingJournalEntry
        {
            Type = RoutingJournalEntry.OffsetsCheckpoint,
            BrokerOffsets = new() { ["broker-a"] = new() { ["g"] = new() { ["T@0"] = 1 } }, ["broker-b"] = new() { ["g"] = new() { ["T@0"] = 2, ["U@0"] = 3 } } },
        });

        state.Apply(new RoutingJournalEntry { Type = RoutingJournalEntry.TopicDelete, Name = "T" });

        Assert.Equal([("broker-b", "g", "U", 0)], state.Offsets.Keys);
    }
}
