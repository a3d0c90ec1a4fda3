using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>In-process choices the contract leaves open: delivery threading, handler faults, lifecycle, options.</summary>
public sealed class StoreBehaviourTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_throwing_handler_is_logged_and_the_others_still_receive_every_message()
    {
        var logger = new ListLogger<InProcessRoutingStore>();
        await using var store = await StoreFactory.OpenAsync(null, _time, logger);
        var healthy = new MessageCollector();
        await using var faulty = await store.SubscribeAsync("ch", _ => throw new InvalidOperationException("boom"));
        await using var good = await store.SubscribeAsync("ch", healthy.Handle);

        await store.PublishAsync("ch", new byte[] { 1 });
        await store.PublishAsync("ch", new byte[] { 2 });

        Assert.Equal([1], await healthy.NextAsync());
        Assert.Equal([2], await healthy.NextAsync());
        await Eventually.AssertAsync(() => logger.Entries.Count(e => e.Level == LogLevel.Error) == 2, "two handler errors logged");
        Assert.All(logger.Entries.Where(e => e.Level == LogLevel.Error), e =>
        {
            Assert.IsType<InvalidOperationException>(e.Exception);
            Assert.Contains("ch", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Publish_returns_without_waiting_for_a_slow_handler()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);
        using var release = new ManualResetEventSlim();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await store.SubscribeAsync("ch", _ =>
        {
            release.Wait(Eventually.Timeout);
            delivered.TrySetResult();
        });

        var publish = store.PublishAsync("ch", new byte[] { 1 });

        Assert.True(publish.IsCompletedSuccessfully);
        Assert.False(delivered.Task.IsCompleted);
        release.Set();
        await delivered.Task.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task DisposeAsync_delivers_messages_already_published()
    {
        var collector = new MessageCollector();
        var store = await StoreFactory.OpenAsync(null, _time);
        await store.SubscribeAsync("ch", collector.Handle);
        await store.PublishAsync("ch", new byte[] { 9 });

        await store.DisposeAsync();

        Assert.True(collector.TryTake(out var message));
        Assert.Equal([9], message);
    }

    [Fact]
    public async Task A_disposed_store_refuses_changes_and_may_be_disposed_again()
    {
        var store = await StoreFactory.OpenAsync(null, _time);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PutTopicAsync(new TopicConfig { TopicName = "T" }).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitOffsetAsync("broker-a", "g", "T", 0, 1).AsTask());
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Hot_path_calls_complete_synchronously()
    {
        await using var store = await StoreFactory.OpenAsync(null, _time);
        await store.PutTopicAsync(new TopicConfig { TopicName = "T" });

        Assert.True(store.GetTopicAsync("T").IsCompletedSuccessfully);
        Assert.True(store.CommitOffsetAsync("broker-a", "g", "T", 0, 1).IsCompletedSuccessfully);
        Assert.True(store.GetOffsetAsync("broker-a", "g", "T", 0).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ClientExpiry_option_sets_when_clients_expire()
    {
        var options = new InProcessRoutingOptions { ClientExpiry = TimeSpan.FromSeconds(10), TimeProvider = _time };
        await using var store = new InProcessRoutingStore(options);
        await store.RegisterConsumerAsync(new ClientRegistration("c1", "a:1", LanguageCode.GO, 401, "gw"), new ConsumerData { GroupName = "g" });
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(["g"], await store.ExpireClientsAsync(_time.GetUtcNow()));
    }

    [Fact]
    public async Task OffsetFlushInterval_option_sets_how_often_offsets_are_written()
    {
        using var directory = new TempDirectory();
        var options = new InProcessRoutingOptions { DataDirectory = directory.Path, OffsetFlushInterval = TimeSpan.FromSeconds(5), TimeProvider = _time };
        await using var store = new InProcessRoutingStore(options);
        await store.CommitOffsetAsync("broker-a", "g", "T", 0, 1);

        _time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(100);
        Assert.False(File.Exists(directory.File("consumerOffset.json")));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.AssertAsync(() => File.Exists(directory.File("consumerOffset.json")), "the flush at 5 s");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(120, 0)]
    [InlineData(-1, 1)]
    public void Non_positive_intervals_are_rejected(int expirySeconds, int flushSeconds)
    {
        var options = new InProcessRoutingOptions
        {
            ClientExpiry = TimeSpan.FromSeconds(expirySeconds),
            OffsetFlushInterval = TimeSpan.FromSeconds(flushSeconds),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new InProcessRoutingStore(options));
    }

    [Fact]
    public void Defaults_follow_RocketMQ()
    {
        var options = new InProcessRoutingOptions();

        Assert.Null(options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(120), options.ClientExpiry);
        Assert.Equal(TimeSpan.FromSeconds(1), options.OffsetFlushInterval);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }
}
