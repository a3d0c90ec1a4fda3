namespace EventBroker.Routing.Tests.Conformance;

// Run only by implementations that override SupportsReopen; for the others these pass without checking anything.
public abstract partial class RoutingStoreConformance
{
    [Fact]
    public async Task Reopen_keeps_topics_groups_offsets_and_kv_config()
    {
        if (!SupportsReopen)
            return;
        var topic = Topic(Name("t"), queues: 8);
        var group = Group(Name("g"), retryMaxTimes: 3);
        var deletedTopic = Name("deleted");
        await Store.PutTopicAsync(topic);
        await Store.PutTopicAsync(Topic(deletedTopic));
        await Store.DeleteTopicAsync(deletedTopic);
        await Store.PutGroupAsync(group);
        await Store.CommitOffsetAsync("broker-a", group.GroupName, topic.TopicName, 0, 12);
        await Store.CommitOffsetAsync("broker-a", group.GroupName, topic.TopicName, 1, 7);
        await Store.CommitOffsetAsync("broker-b", group.GroupName, topic.TopicName, 0, 30);
        await Store.PutKvConfigAsync(Name("ns"), "k", "v");

        await ReopenAsync();

        Assert.Equal(Fields(topic), Fields((await Store.GetTopicAsync(topic.TopicName))!));
        Assert.Null(await Store.GetTopicAsync(deletedTopic));
        Assert.Equal(Fields(group), Fields((await Store.GetGroupAsync(group.GroupName))!));
        Assert.Equal(12, await Store.GetOffsetAsync("broker-a", group.GroupName, topic.TopicName, 0));
        Assert.Equal(7, await Store.GetOffsetAsync("broker-a", group.GroupName, topic.TopicName, 1));
        Assert.Equal(30, await Store.GetOffsetAsync("broker-b", group.GroupName, topic.TopicName, 0));
        Assert.Equal("v", await Store.GetKvConfigAsync(Name("ns"), "k"));
    }

    [Fact]
    public async Task Reopen_keeps_the_latest_offset_and_forgets_deleted_ones()
    {
        if (!SupportsReopen)
            return;
        var (group, topic, gone) = (Name("g"), Name("t"), Name("gone"));
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 1);
        await Store.CommitOffsetAsync("broker-a", group, topic, 0, 2);
        await Store.CommitOffsetAsync("broker-a", group, gone, 0, 5);
        await Store.DeleteOffsetsAsync(group, gone);

        await ReopenAsync();

        Assert.Equal(2, await Store.GetOffsetAsync("broker-a", group, topic, 0));
        Assert.Null(await Store.GetOffsetAsync("broker-a", group, gone, 0));
    }
}
