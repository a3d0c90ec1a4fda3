using EventBroker.Client.Internal.Consuming;
using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>Where a push consumer starts on its queues, and its flow control, against a scripted broker.</summary>
public sealed class PushConsumerTests : IAsyncLifetime
{
    private const string Topic = "TopicTest";
    private readonly FakeRemoting _remoting = new();
    private ClientInstance _instance = null!;
    private FakeConsumerBroker _broker = null!;

    public Task InitializeAsync()
    {
        _instance = new ClientInstance(FakeRemoting.Options, NullLoggerFactory.Instance, _remoting);
        _broker = new FakeConsumerBroker(_remoting, _instance.ClientId);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    [Theory]
    [InlineData(ConsumeFromWhere.LastOffset, 100, 0)]
    [InlineData(ConsumeFromWhere.FirstOffset, 0, 0)]
    [InlineData(ConsumeFromWhere.Timestamp, 42, 100)]
    public async Task Queues_without_a_committed_offset_start_where_consume_from_where_says(ConsumeFromWhere where, long topicStart, long retryStart)
    {
        await using var consumer = Consumer(new PushConsumerOptions("g", new Subscription(Topic)) { ConsumeFromWhere = where });
        await consumer.StartAsync();

        await Eventually.TrueAsync(() => _broker.FirstPulls().Count == 9, TimeSpan.FromSeconds(5), "every queue pulled once");
        Assert.All(_broker.FirstPulls().Where(p => p.Header.Topic == Topic), p => Assert.Equal(topicStart, p.Header.QueueOffset));
        Assert.Equal(retryStart, Assert.Single(_broker.FirstPulls(), p => p.Header.Topic == "%RETRY%g").Header.QueueOffset);
    }

    [Fact]
    public async Task A_committed_offset_wins_and_pulls_carry_the_subscription_and_long_poll_flags()
    {
        _broker.Committed[(FakeRemoting.BrokerB, Topic, 2)] = 7;
        await using var consumer = Consumer(new PushConsumerOptions("g", new Subscription(Topic, MessageSelector.Tags("A || B"))));
        await consumer.StartAsync();

        await Eventually.TrueAsync(() => _broker.FirstPulls().Count == 9, TimeSpan.FromSeconds(5), "every queue pulled once");
        var pull = Assert.Single(_broker.FirstPulls(), p => p.Address == FakeRemoting.BrokerB && p.Header.Topic == Topic && p.Header.QueueId == 2).Header;
        Assert.Equal(7, pull.QueueOffset);
        Assert.Equal(2 | 4, pull.SysFlag & 6);
        Assert.Equal("A || B", pull.Subscription);
        Assert.Equal("TAG", pull.ExpressionType);
        Assert.Equal(15_000, pull.SuspendTimeoutMillis);
        // The same queue id on the other broker has no committed offset: it starts at the end (LastOffset).
        Assert.Equal(100, Assert.Single(_broker.FirstPulls(), p => p.Address == FakeRemoting.BrokerA && p.Header.Topic == Topic && p.Header.QueueId == 2).Header.QueueOffset);
        Assert.Equal(8, consumer.AssignedQueues.Count(q => q.Topic == Topic));
    }

    [Fact]
    public async Task Pulling_pauses_while_a_queue_holds_more_than_its_threshold_and_offsets_follow_consumption()
    {
        _broker.Put(FakeRemoting.BrokerA, Topic, 0, 40);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        await using var consumer = Consumer(
            new PushConsumerOptions("g", new Subscription(Topic)) { PullThresholdForQueue = 5, PullBatchSize = 10, ConsumeFromWhere = ConsumeFromWhere.FirstOffset },
            async (_, ct) =>
            {
                await release.Task.WaitAsync(ct);
                Interlocked.Increment(ref handled);
                return ConsumeResult.Success;
            });
        await consumer.StartAsync();

        await Eventually.TrueAsync(() => PullsOfQueue0().Any(), TimeSpan.FromSeconds(5), "queue 0 pulled");
        await Task.Delay(500);
        Assert.Single(PullsOfQueue0());

        release.SetResult();
        await Eventually.TrueAsync(() => Volatile.Read(ref handled) == 40, TimeSpan.FromSeconds(10), "all 40 consumed once pulling resumed");
        await consumer.StopAsync();
        Assert.Equal(40, _broker.Committed[(FakeRemoting.BrokerA, Topic, 0)]);
    }

    private PushConsumer Consumer(PushConsumerOptions options, MessageHandler? handler = null) =>
        new(_instance, options, handler ?? ((_, _) => ValueTask.FromResult(ConsumeResult.Success)));

    private IEnumerable<Protocol.Headers.PullMessageRequestHeader> PullsOfQueue0() =>
        _broker.Pulls.Where(p => p.Address == FakeRemoting.BrokerA && p.Header.Topic == Topic && p.Header.QueueId == 0).Select(p => p.Header);
}
