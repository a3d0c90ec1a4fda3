using EventBroker.Client.Internal.Consuming;

namespace EventBroker.Client.Tests.Unit;

/// <summary>The offsets a process queue lets a consumer commit, and its orderly bookkeeping.</summary>
public sealed class ProcessQueueTests
{
    private static readonly MessageQueue Queue = new("T", "broker-a", 0);

    [Fact]
    public void Concurrent_commits_stop_at_the_oldest_unconsumed_message()
    {
        var queue = new ProcessQueue(Queue, TimeProvider.System);
        var messages = Enumerable.Range(10, 5).Select(Message).ToList();
        queue.Put(messages);

        Assert.Equal(10, queue.Remove([messages[1], messages[3]]));
        Assert.Equal(3, queue.Count);
        Assert.Equal(4, queue.Span);
        Assert.Equal(12, queue.Remove([messages[0]]));
        Assert.Equal(15, queue.Remove([messages[2], messages[4]]));
        Assert.Equal(0, queue.SizeBytes);
        Assert.Equal(-1, queue.Remove([messages[0]]));
    }

    [Fact]
    public void Orderly_takes_in_order_commits_past_the_taken_and_restores_on_suspend()
    {
        var queue = new ProcessQueue(Queue, TimeProvider.System);
        Assert.True(queue.Put(Enumerable.Range(0, 3).Select(Message).ToList()));
        Assert.False(queue.Put([Message(3)]));

        var first = queue.Take(1);
        Assert.Equal(0, Assert.Single(first).QueueOffset);
        queue.Restore(first);
        Assert.Equal(0, Assert.Single(queue.Take(1)).QueueOffset);
        Assert.Equal(1, queue.Commit());
        queue.Take(3);
        Assert.Equal(4, queue.Commit());
        Assert.Empty(queue.Take(1));
        Assert.True(queue.Put([Message(4)]));
    }

    [Fact]
    public void A_lock_expires_after_thirty_seconds()
    {
        var time = new Support.ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var queue = new ProcessQueue(Queue, time) { Locked = true };
        Assert.False(queue.LockExpired);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(queue.LockExpired);
    }

    private static ReceivedMessage Message(int offset) =>
        new("T", new byte[10], []) { QueueOffset = offset };
}
