using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    [Fact]
    public async Task GetOffset_never_committed_returns_null()
        => Assert.Null(await Store.GetOffsetAsync("broker-a", Name("g"), Name("t"), 0));

    [Fact]
    public async Task CommitOffset_then_GetOffset_returns_it()
    {
        var (group, topic) = (Name("g"), Name("t"));

        await Store.CommitOffsetAsync("broker-a", group, topic, 3, 12);

        Assert.Equal(12, await Store.GetOffsetAsync("broker-a", group, topic, 3));
    }

    [Fact]
    public async Task CommitOffset_again_overwrites_even_with_a_smaller_value()
    {
        // A reset (mqadmin resetOffsetByTime) moves an offset back; the store keeps whatever was committed last.
        var (group, topic) = (Name("g"), Name("t"));
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 40);
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 42);
        Assert.Equal(42, await Store.GetOffsetAsync("broker-a", group, topic, 0));

        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 5);

        Assert.Equal(5, await Store.GetOffsetAsync("broker-a", group, topic, 0));
    }

    [Fact]
    public async Task CommitOffset_keeps_offsets_per_group_topic_and_queue()
    {
        var (g1, g2, t1, t2) = (Name("g1"), Name("g2"), Name("t1"), Name("t2"));
        await Store.CommitOffsetAsync("broker-a", g1, t1, 0, 1);
        await Store.CommitOffsetAsync("broker-a", g1, t1, 1, 2);
        await Store.CommitOffsetAsync("broker-a", g1, t2, 0, 3);
        await Store.CommitOffsetAsync("broker-a", g2, t1, 0, 4);

        Assert.Equal(1, await Store.GetOffsetAsync("broker-a", g1, t1, 0));
        Assert.Equal(2, await Store.GetOffsetAsync("broker-a", g1, t1, 1));
        Assert.Equal(3, await Store.GetOffsetAsync("broker-a", g1, t2, 0));
        Assert.Equal(4, await Store.GetOffsetAsync("broker-a", g2, t1, 0));
        Assert.Null(await Store.GetOffsetAsync("broker-a", g2, t2, 0));
    }

    [Fact]
    public async Task GetGroupOffsets_lists_every_committed_queue_of_the_group()
    {
        var (group, other, t1, t2) = (Name("g"), Name("other"), Name("t1"), Name("t2"));
        await Store.CommitOffsetAsync("broker-a", group, t1, 0, 12);
        await Store.CommitOffsetAsync("broker-a", group, t1, 1, 7);
        await Store.CommitOffsetAsync("broker-a", group, t2, 0, 3);
        await Store.CommitOffsetAsync("broker-a", other, t1, 0, 99);

        var offsets = await Store.GetGroupOffsetsAsync(group);

        Assert.Equal(3, offsets.Count);
        Assert.Equal(12, offsets[new MessageQueue(t1, "broker-a", 0)]);
        Assert.Equal(7, offsets[new MessageQueue(t1, "broker-a", 1)]);
        Assert.Equal(3, offsets[new MessageQueue(t2, "broker-a", 0)]);
    }

    [Fact]
    public async Task GetGroupOffsets_unknown_group_is_empty()
        => Assert.Empty(await Store.GetGroupOffsetsAsync(Name("none")));

    [Fact]
    public async Task GetGroupsWithOffsets_lists_the_groups_that_committed_on_the_topic()
    {
        var (g1, g2, g3, topic) = (Name("g1"), Name("g2"), Name("g3"), Name("t"));
        await Store.CommitOffsetAsync("broker-a", g1, topic, 0, 1);
        await Store.CommitOffsetAsync("broker-a", g1, topic, 1, 1);
        await Store.CommitOffsetAsync("broker-a", g2, topic, 0, 1);
        await Store.CommitOffsetAsync("broker-a", g3, Name("elsewhere"), 0, 1);

        var groups = await Store.GetGroupsWithOffsetsAsync(topic);

        Assert.Equal([g1, g2], groups.Order());
    }

    [Fact]
    public async Task DeleteOffsets_with_a_topic_removes_only_that_topic()
    {
        var (group, t1, t2) = (Name("g"), Name("t1"), Name("t2"));
        await Store.CommitOffsetAsync("broker-a", group, t1, 0, 1);
        await Store.CommitOffsetAsync("broker-a", group, t1, 1, 1);
        await Store.CommitOffsetAsync("broker-a", group, t2, 0, 2);

        await Store.DeleteOffsetsAsync(group, t1);

        Assert.Null(await Store.GetOffsetAsync("broker-a", group, t1, 0));
        Assert.Null(await Store.GetOffsetAsync("broker-a", group, t1, 1));
        Assert.Equal(2, await Store.GetOffsetAsync("broker-a", group, t2, 0));
        Assert.DoesNotContain(group, await Store.GetGroupsWithOffsetsAsync(t1));
    }

    [Fact]
    public async Task DeleteOffsets_without_a_topic_removes_every_offset_of_the_group_only()
    {
        var (group, other, t1, t2) = (Name("g"), Name("other"), Name("t1"), Name("t2"));
        await Store.CommitOffsetAsync("broker-a", group, t1, 0, 1);
        await Store.CommitOffsetAsync("broker-a", group, t2, 0, 2);
        await Store.CommitOffsetAsync("broker-a", other, t1, 0, 3);

        await Store.DeleteOffsetsAsync(group);

        Assert.Empty(await Store.GetGroupOffsetsAsync(group));
        Assert.Equal(3, await Store.GetOffsetAsync("broker-a", other, t1, 0));
    }

    [Fact]
    public async Task Offsets_of_the_same_queue_on_two_logical_brokers_are_independent()
    {
        // Queue 0 of a topic on broker-a and queue 0 on broker-b are different queues, each with its own position.
        var (group, topic) = (Name("g"), Name("t"));
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 2);
        await Store.CommitOffsetAsync("broker-b", group, topic, 0, 5);

        Assert.Equal(2, await Store.GetOffsetAsync("broker-a", group, topic, 0));
        Assert.Equal(5, await Store.GetOffsetAsync("broker-b", group, topic, 0));
        Assert.Null(await Store.GetOffsetAsync("broker-c", group, topic, 0));
        Assert.Equal(new Dictionary<MessageQueue, long> { [new(topic, "broker-a", 0)] = 2, [new(topic, "broker-b", 0)] = 5 },
            await Store.GetGroupOffsetsAsync(group));
        Assert.Equal([group], await Store.GetGroupsWithOffsetsAsync(topic));

        await Store.CommitOffsetAsync("broker-b", group, topic, 0, 1);
        Assert.Equal(2, await Store.GetOffsetAsync("broker-a", group, topic, 0));
        Assert.Equal(1, await Store.GetOffsetAsync("broker-b", group, topic, 0));
    }

    [Fact]
    public async Task DeleteOffsets_removes_the_topic_on_every_logical_broker()
    {
        var (group, topic, kept) = (Name("g"), Name("t"), Name("kept"));
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 1);
        await Store.CommitOffsetAsync("broker-b", group, topic, 0, 2);
        await Store.CommitOffsetAsync("broker-b", group, kept, 0, 3);

        await Store.DeleteOffsetsAsync(group, topic);

        Assert.Null(await Store.GetOffsetAsync("broker-a", group, topic, 0));
        Assert.Null(await Store.GetOffsetAsync("broker-b", group, topic, 0));
        Assert.Equal(3, await Store.GetOffsetAsync("broker-b", group, kept, 0));
        Assert.Empty(await Store.GetGroupsWithOffsetsAsync(topic));
    }
}
