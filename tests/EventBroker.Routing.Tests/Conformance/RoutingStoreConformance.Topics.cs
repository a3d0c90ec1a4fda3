using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    private TopicConfig Topic(string name, int queues = 4) => new()
    {
        TopicName = name,
        ReadQueueNums = queues,
        WriteQueueNums = queues,
        Perm = Perm.ReadWrite,
        TopicFilterType = TopicFilterType.MULTI_TAG,
        TopicSysFlag = 3,
        Order = true,
    };

    [Fact]
    public async Task GetTopic_unknown_returns_null()
        => Assert.Null(await Store.GetTopicAsync(Name("none")));

    [Fact]
    public async Task PutTopic_then_GetTopic_returns_every_field()
    {
        var config = Topic(Name("t"), queues: 6);
        config.WriteQueueNums = 5;
        await Store.PutTopicAsync(config);

        var stored = await Store.GetTopicAsync(config.TopicName);

        Assert.NotNull(stored);
        Assert.Equal(Fields(config), Fields(stored));
    }

    [Fact]
    public async Task PutTopic_existing_replaces_the_config()
    {
        var name = Name("t");
        await Store.PutTopicAsync(Topic(name, queues: 4));
        var replacement = Topic(name, queues: 8);
        replacement.Perm = Perm.Read;

        await Store.PutTopicAsync(replacement);

        Assert.Equal(Fields(replacement), Fields((await Store.GetTopicAsync(name))!));
    }

    [Fact]
    public async Task GetTopic_returns_copies_that_callers_may_change()
    {
        var name = Name("t");
        var config = Topic(name, queues: 4);
        await Store.PutTopicAsync(config);
        config.ReadQueueNums = 99;
        var first = (await Store.GetTopicAsync(name))!;
        first.WriteQueueNums = 77;

        var second = (await Store.GetTopicAsync(name))!;

        Assert.Equal(4, second.ReadQueueNums);
        Assert.Equal(4, second.WriteQueueNums);
    }

    [Fact]
    public async Task GetTopics_lists_every_topic()
    {
        string[] names = [Name("a"), Name("b"), Name("c")];
        foreach (var name in names)
            await Store.PutTopicAsync(Topic(name));

        var listed = (await Store.GetTopicsAsync()).Where(t => IsMine(t.TopicName)).Select(t => t.TopicName).Order();

        Assert.Equal(names, listed);
    }

    [Fact]
    public async Task DeleteTopic_removes_it_and_reports_whether_it_existed()
    {
        var name = Name("t");
        await Store.PutTopicAsync(Topic(name));

        Assert.True(await Store.DeleteTopicAsync(name));
        Assert.Null(await Store.GetTopicAsync(name));
        Assert.DoesNotContain(await Store.GetTopicsAsync(), t => t.TopicName == name);
        Assert.False(await Store.DeleteTopicAsync(name));
    }

    [Fact]
    public async Task GetOrAddTopic_absent_adds_and_returns_it()
    {
        var config = Topic(Name("t"), queues: 8);

        var result = await Store.GetOrAddTopicAsync(config);

        Assert.Equal(Fields(config), Fields(result));
        Assert.Equal(Fields(config), Fields((await Store.GetTopicAsync(config.TopicName))!));
    }

    [Fact]
    public async Task GetOrAddTopic_present_returns_the_existing_config_unchanged()
    {
        var name = Name("t");
        var existing = Topic(name, queues: 4);
        await Store.PutTopicAsync(existing);

        var result = await Store.GetOrAddTopicAsync(Topic(name, queues: 16));

        Assert.Equal(Fields(existing), Fields(result));
        Assert.Equal(4, (await Store.GetTopicAsync(name))!.ReadQueueNums);
    }

    [Fact]
    public async Task GetOrAddTopic_concurrent_auto_creates_agree_on_one_config()
    {
        var name = Name("race");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(1, 16)
            .Select(queues => Task.Run(async () =>
            {
                await go.Task;
                return await Store.GetOrAddTopicAsync(Topic(name, queues));
            }))
            .ToArray();
        go.SetResult();

        var results = await Task.WhenAll(racers);

        var winner = Assert.Single(results.Select(r => r.ReadQueueNums).Distinct());
        Assert.Equal(winner, (await Store.GetTopicAsync(name))!.ReadQueueNums);
    }
}
