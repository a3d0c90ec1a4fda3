using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>Many callers at once, as a busy gateway produces them, including while the background writer runs.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Workers = 8;
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _directory.Dispose();

    private static Task[] RunTogether(int count, Func<int, Task> work)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await go.Task;
            await work(i);
        })).ToArray();
        go.SetResult();
        return tasks;
    }

    [Fact]
    public async Task Concurrent_commits_all_land_and_survive_reopen_while_flushes_run()
    {
        const int commits = 2_000;
        await using (var store = await StoreFactory.OpenAsync(_directory.Path, _time))
        {
            using var stop = new CancellationTokenSource();
            var flusher = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    _time.Advance(TimeSpan.FromSeconds(1));
                    await Task.Delay(1);
                }
            });

            await Task.WhenAll(RunTogether(Workers, async worker =>
            {
                for (var offset = 1; offset <= commits; offset++)
                {
                    await store.CommitOffsetAsync("broker-a", "g", "T", worker, offset);
                    await store.CommitOffsetAsync("broker-a", $"g{worker}", "Shared", 0, offset);
                    Assert.True(await store.GetOffsetAsync("broker-a", "g", "T", worker) >= offset);
                }
            }));
            await stop.CancelAsync();
            await flusher;

            for (var worker = 0; worker < Workers; worker++)
                Assert.Equal(commits, await store.GetOffsetAsync("broker-a", "g", "T", worker));
        }

        await using var reopened = await StoreFactory.OpenAsync(_directory.Path, _time);
        Assert.Equal(Workers, (await reopened.GetGroupOffsetsAsync("g")).Count);
        for (var worker = 0; worker < Workers; worker++)
        {
            Assert.Equal(commits, await reopened.GetOffsetAsync("broker-a", "g", "T", worker));
            Assert.Equal(commits, await reopened.GetOffsetAsync("broker-a", $"g{worker}", "Shared", 0));
        }
        Assert.Equal(Workers, (await reopened.GetGroupsWithOffsetsAsync("Shared")).Count);
    }

    [Fact]
    public async Task Concurrent_topic_changes_are_all_persisted()
    {
        await using (var store = await StoreFactory.OpenAsync(_directory.Path, _time))
        {
            await Task.WhenAll(RunTogether(Workers, async worker =>
            {
                for (var i = 0; i < 50; i++)
                    await store.PutTopicAsync(new TopicConfig { TopicName = $"T{worker}-{i}", ReadQueueNums = i + 1 });
            }));
        }

        await using var reopened = await StoreFactory.OpenAsync(_directory.Path, _time);
        Assert.Equal(Workers * 50, (await reopened.GetTopicsAsync()).Count);
        Assert.Equal(50, (await reopened.GetTopicAsync("T3-49"))!.ReadQueueNums);
    }

    [Fact]
    public async Task Concurrent_heartbeats_report_each_new_member_exactly_once()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);
        var newMembers = 0;

        await Task.WhenAll(RunTogether(32, async client =>
        {
            for (var beat = 0; beat < 20; beat++)
            {
                var registration = new ClientRegistration($"c{client}", "10.0.0.1:1", LanguageCode.JAVA, 401, "gw");
                if (await store.RegisterConsumerAsync(registration, new ConsumerData { GroupName = "g" }))
                    Interlocked.Increment(ref newMembers);
            }
        }));

        Assert.Equal(32, newMembers);
        Assert.Equal(32, (await store.GetConsumersAsync("g")).Count);
    }

    [Fact]
    public async Task Concurrent_joins_and_leaves_leave_a_consistent_group()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);

        await Task.WhenAll(RunTogether(16, async client =>
        {
            var registration = new ClientRegistration($"c{client}", "10.0.0.1:1", LanguageCode.JAVA, 401, "gw");
            for (var round = 0; round < 100; round++)
            {
                Assert.True(await store.RegisterConsumerAsync(registration, new ConsumerData { GroupName = "g" }));
                Assert.True(await store.UnregisterConsumerAsync("g", registration.ClientId));
            }
            if (client % 2 == 0)
                await store.RegisterConsumerAsync(registration, new ConsumerData { GroupName = "g" });
        }));

        Assert.Equal(8, (await store.GetConsumersAsync("g")).Count);
    }

    [Fact]
    public async Task Concurrent_lock_requests_give_each_queue_to_one_client()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);
        var queues = Enumerable.Range(0, 16).Select(id => new MessageQueue("T", "broker-a", id)).ToArray();
        var granted = new IReadOnlyList<MessageQueue>[Workers];

        await Task.WhenAll(RunTogether(Workers, async client =>
            granted[client] = await store.TryLockQueuesAsync("g", $"c{client}", queues, TimeSpan.FromSeconds(60))));

        var all = granted.SelectMany(g => g).ToList();
        Assert.Equal(queues.Length, all.Count);
        Assert.Equal(queues.ToHashSet(), all.ToHashSet());
    }

    [Fact]
    public async Task Concurrent_lease_attempts_have_one_winner()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);
        var tokens = new long?[Workers];

        await Task.WhenAll(RunTogether(Workers, async holder =>
            tokens[holder] = await store.TryAcquireLeaseAsync("job", $"gw-{holder}", TimeSpan.FromSeconds(30))));

        Assert.Single(tokens, t => t is not null);
    }
}
