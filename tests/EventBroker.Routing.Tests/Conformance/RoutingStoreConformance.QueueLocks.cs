using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    // RocketMQ's broker-side lock lifetime.
    private static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(60);

    private MessageQueue[] Queues(params int[] ids) => ids.Select(id => new MessageQueue(Name("t"), "broker-a", id)).ToArray();

    [Fact]
    public async Task TryLockQueues_free_queues_are_all_granted()
    {
        var queues = Queues(0, 1, 2);

        var held = await Store.TryLockQueuesAsync(Name("g"), "c1", queues, LockTtl);

        Assert.Equal(queues.ToHashSet(), held.ToHashSet());
    }

    [Fact]
    public async Task TryLockQueues_held_by_another_live_client_are_refused()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl);
        Time.Advance(LockTtl - TimeSpan.FromSeconds(1));

        Assert.Empty(await Store.TryLockQueuesAsync(group, "c2", Queues(0), LockTtl));
    }

    [Fact]
    public async Task TryLockQueues_grants_only_the_free_queues_of_a_batch()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(1), LockTtl);

        var held = await Store.TryLockQueuesAsync(group, "c2", Queues(0, 1, 2), LockTtl);

        Assert.Equal(Queues(0, 2).ToHashSet(), held.ToHashSet());
    }

    [Fact]
    public async Task TryLockQueues_by_the_holder_renews_the_lock()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl);
        Time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(Queues(0), await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl));

        Time.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(await Store.TryLockQueuesAsync(group, "c2", Queues(0), LockTtl));
    }

    [Fact]
    public async Task TryLockQueues_expired_lock_can_be_taken_by_another_client()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl);
        Time.Advance(LockTtl + TimeSpan.FromSeconds(1));

        Assert.Equal(Queues(0), await Store.TryLockQueuesAsync(group, "c2", Queues(0), LockTtl));
        Assert.Empty(await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl));
    }

    [Fact]
    public async Task TryLockQueues_locks_of_different_groups_are_independent()
    {
        await Store.TryLockQueuesAsync(Name("g1"), "c1", Queues(0), LockTtl);

        Assert.Equal(Queues(0), await Store.TryLockQueuesAsync(Name("g2"), "c2", Queues(0), LockTtl));
    }

    [Fact]
    public async Task UnlockQueues_by_another_client_leaves_the_lock_in_place()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(0), LockTtl);

        await Store.UnlockQueuesAsync(group, "c2", Queues(0));

        Assert.Empty(await Store.TryLockQueuesAsync(group, "c2", Queues(0), LockTtl));
    }

    [Fact]
    public async Task UnlockQueues_by_the_holder_frees_the_queues_at_once()
    {
        var group = Name("g");
        await Store.TryLockQueuesAsync(group, "c1", Queues(0, 1), LockTtl);

        await Store.UnlockQueuesAsync(group, "c1", Queues(0));

        Assert.Equal(Queues(0), await Store.TryLockQueuesAsync(group, "c2", Queues(0, 1), LockTtl));
    }
}
