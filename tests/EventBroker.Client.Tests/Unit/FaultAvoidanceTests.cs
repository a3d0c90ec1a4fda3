using System.Diagnostics;
using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Internal.Producing;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>The producer's latency table, broker avoidance and Polly retries, against canned broker answers.</summary>
public sealed class FaultAvoidanceTests : IAsyncLifetime
{
    private readonly FakeRemoting _remoting = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ClientInstance _instance = null!;

    public Task InitializeAsync()
    {
        _instance = new ClientInstance(FakeRemoting.Options, NullLoggerFactory.Instance, _remoting, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(49, 0)]
    [InlineData(100, 0)]
    [InlineData(549, 0)]
    [InlineData(550, 30_000)]
    [InlineData(999, 30_000)]
    [InlineData(1000, 60_000)]
    [InlineData(2000, 120_000)]
    [InlineData(3000, 180_000)]
    [InlineData(14_999, 180_000)]
    [InlineData(15_000, 600_000)]
    public void Latency_maps_to_rocketmqs_not_available_duration(long latency, long unavailableMillis) =>
        Assert.Equal(unavailableMillis, LatencyFaultTolerance.ComputeNotAvailableDuration(latency));

    [Fact]
    public void A_slow_broker_is_unavailable_for_its_duration_and_a_failed_one_for_ten_minutes()
    {
        var faults = new LatencyFaultTolerance(_time);
        faults.Update("slow", 600, isolation: false);
        faults.Update("failed", 5, isolation: true);
        faults.Update("fast", 20, isolation: false);
        Assert.False(faults.IsAvailable("slow"));
        Assert.False(faults.IsAvailable("failed"));
        Assert.True(faults.IsAvailable("fast"));
        Assert.True(faults.IsAvailable("never-seen"));

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(faults.IsAvailable("slow"));
        Assert.False(faults.IsAvailable("failed"));

        _time.Advance(TimeSpan.FromSeconds(570));
        Assert.True(faults.IsAvailable("failed"));
    }

    [Fact]
    public void When_every_broker_is_avoided_the_least_bad_is_picked()
    {
        var faults = new LatencyFaultTolerance(_time);
        faults.Update("b", 20_000, isolation: false);
        faults.Update("a", 2_000, isolation: false);
        Assert.Equal("a", faults.PickOneAtLeast());
    }

    [Fact]
    public async Task A_broker_answering_a_retryable_code_is_retried_elsewhere_and_then_avoided()
    {
        _remoting.OnBroker = (address, request, _) => Task.FromResult(address == FakeRemoting.BrokerA
            ? FakeRemoting.Error(request, ResponseCode.ServiceNotAvailable)
            : _remoting.Stored(request));
        var producer = _instance.CreateProducer(new ProducerOptions("p"), null);

        for (var i = 0; i < 8; i++)
        {
            var result = await producer.SendAsync(new Message("TopicTest", "m" + i));
            Assert.Equal("broker-b", result.Queue.BrokerName);
        }

        // Round-robin reached broker-a once; after that failure it is avoided for 600 s.
        Assert.Single(_remoting.Sends, s => s.Address == FakeRemoting.BrokerA);
        Assert.Equal(9, _remoting.Sends.Count());
        Assert.False(producer.Faults.IsAvailable("broker-a"));

        _time.Advance(TimeSpan.FromSeconds(601));
        _remoting.OnBroker = (_, request, _) => Task.FromResult(_remoting.Stored(request));
        var results = new List<SendResult>();
        for (var i = 0; i < 8; i++)
        {
            results.Add(await producer.SendAsync(new Message("TopicTest", "later" + i)));
        }
        Assert.Contains(results, r => r.Queue.BrokerName == "broker-a");
    }

    [Theory]
    [InlineData(ResponseCode.TopicNotExist)]
    [InlineData(ResponseCode.SystemError)]
    [InlineData(ResponseCode.NoPermission)]
    [InlineData(ResponseCode.NoBuyerId)]
    [InlineData(ResponseCode.NotInCurrentUnit)]
    public async Task Every_code_the_java_producer_retries_is_retried(ResponseCode code)
    {
        var calls = 0;
        _remoting.OnBroker = (_, request, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1 ? FakeRemoting.Error(request, code) : _remoting.Stored(request));
        var producer = _instance.CreateProducer(new ProducerOptions("p"), null);

        await producer.SendAsync(new Message("TopicTest", "x"));

        var sends = _remoting.Sends.ToList();
        Assert.Equal(2, sends.Count);
        Assert.NotEqual(sends[0].Address, sends[1].Address);
    }

    [Fact]
    public async Task A_code_the_java_producer_does_not_retry_fails_at_once()
    {
        _remoting.OnBroker = (_, request, _) => Task.FromResult(FakeRemoting.Error(request, ResponseCode.MessageIllegal));
        var producer = _instance.CreateProducer(new ProducerOptions("p"), null);

        var error = await Assert.ThrowsAsync<BrokerResponseException>(() => producer.SendAsync(new Message("TopicTest", "x")).AsTask());

        Assert.Equal(13, error.ResponseCode);
        Assert.Single(_remoting.Sends);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_on_another_broker()
    {
        _remoting.OnBroker = async (address, request, ct) =>
        {
            if (address == FakeRemoting.BrokerA)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return _remoting.Stored(request);
        };
        var producer = _instance.CreateProducer(new ProducerOptions("p") { SendTimeout = TimeSpan.FromMilliseconds(200) }, null);

        // The queue rotation starts at a random queue: keep sending until an attempt has gone to broker-a (at most one
        // full rotation over both brokers' queues), and every send must still end on broker-b.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 8 && !_remoting.Sends.Any(s => s.Address == FakeRemoting.BrokerA); i++)
        {
            Assert.Equal("broker-b", (await producer.SendAsync(new Message("TopicTest", "x"))).Queue.BrokerName);
        }

        Assert.Contains(_remoting.Sends, s => s.Address == FakeRemoting.BrokerA);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.False(producer.Faults.IsAvailable("broker-a"));
    }

    [Fact]
    public async Task After_every_attempt_failed_the_last_error_is_thrown()
    {
        _remoting.OnBroker = (_, request, _) => Task.FromResult(FakeRemoting.Error(request, ResponseCode.ServiceNotAvailable));
        var producer = _instance.CreateProducer(new ProducerOptions("p"), null);

        var error = await Assert.ThrowsAsync<BrokerResponseException>(() => producer.SendAsync(new Message("TopicTest", "x")).AsTask());

        Assert.Equal(14, error.ResponseCode);
        var sends = _remoting.Sends.ToList();
        Assert.Equal(3, sends.Count);
        Assert.NotEqual(sends[0].Address, sends[1].Address);
    }

    [Fact]
    public async Task Without_fault_avoidance_a_retry_still_avoids_the_broker_that_just_failed()
    {
        var failures = 0;
        _remoting.OnBroker = (address, request, _) =>
        {
            if (address != FakeRemoting.BrokerA)
            {
                return Task.FromResult(_remoting.Stored(request));
            }
            Interlocked.Increment(ref failures);
            return Task.FromResult(FakeRemoting.Error(request, ResponseCode.ServiceNotAvailable));
        };
        var producer = _instance.CreateProducer(new ProducerOptions("p") { SendLatencyFaultEnable = false }, null);

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal("broker-b", (await producer.SendAsync(new Message("TopicTest", "m" + i))).Queue.BrokerName);
        }
        Assert.True(producer.Faults.IsAvailable("broker-a"));
        Assert.True(failures >= 1);
    }
}
