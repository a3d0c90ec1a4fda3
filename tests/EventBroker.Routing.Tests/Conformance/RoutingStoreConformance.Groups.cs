using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    private static SubscriptionGroupConfig Group(string name, int retryMaxTimes = 16) => new()
    {
        GroupName = name,
        ConsumeEnable = false,
        ConsumeFromMinEnable = false,
        ConsumeBroadcastEnable = false,
        RetryQueueNums = 2,
        RetryMaxTimes = retryMaxTimes,
        BrokerId = 1,
        WhichBrokerWhenConsumeSlowly = 2,
        NotifyConsumerIdsChangedEnable = false,
    };

    [Fact]
    public async Task GetGroup_unknown_returns_null()
        => Assert.Null(await Store.GetGroupAsync(Name("none")));

    [Fact]
    public async Task PutGroup_then_GetGroup_returns_every_field()
    {
        var config = Group(Name("g"), retryMaxTimes: 3);
        await Store.PutGroupAsync(config);

        var stored = await Store.GetGroupAsync(config.GroupName);

        Assert.NotNull(stored);
        Assert.Equal(Fields(config), Fields(stored));
    }

    [Fact]
    public async Task PutGroup_existing_replaces_the_config()
    {
        var name = Name("g");
        await Store.PutGroupAsync(Group(name, retryMaxTimes: 3));
        var replacement = Group(name, retryMaxTimes: 5);
        replacement.ConsumeEnable = true;

        await Store.PutGroupAsync(replacement);

        Assert.Equal(Fields(replacement), Fields((await Store.GetGroupAsync(name))!));
    }

    [Fact]
    public async Task GetGroup_returns_copies_that_callers_may_change()
    {
        var name = Name("g");
        var config = Group(name, retryMaxTimes: 3);
        await Store.PutGroupAsync(config);
        config.RetryMaxTimes = 99;
        (await Store.GetGroupAsync(name))!.RetryQueueNums = 42;

        var stored = (await Store.GetGroupAsync(name))!;

        Assert.Equal(3, stored.RetryMaxTimes);
        Assert.Equal(2, stored.RetryQueueNums);
    }

    [Fact]
    public async Task GetGroups_lists_every_group()
    {
        string[] names = [Name("a"), Name("b")];
        foreach (var name in names)
            await Store.PutGroupAsync(Group(name));

        var listed = (await Store.GetGroupsAsync()).Where(g => IsMine(g.GroupName)).Select(g => g.GroupName).Order();

        Assert.Equal(names, listed);
    }

    [Fact]
    public async Task DeleteGroup_removes_it_and_reports_whether_it_existed()
    {
        var name = Name("g");
        await Store.PutGroupAsync(Group(name));

        Assert.True(await Store.DeleteGroupAsync(name));
        Assert.Null(await Store.GetGroupAsync(name));
        Assert.DoesNotContain(await Store.GetGroupsAsync(), g => g.GroupName == name);
        Assert.False(await Store.DeleteGroupAsync(name));
    }
}
