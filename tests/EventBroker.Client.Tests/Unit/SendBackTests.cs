using EventBroker.Client.Internal.Consuming;
using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>Returning a failed message: CONSUMER_SEND_MSG_BACK first, the Java client's retry-topic send when that fails.</summary>
public sealed class SendBackTests : IAsyncLifetime
{
    private readonly FakeRemoting _remoting = new();
    private ClientInstance _instance = null!;
    private SendBack _sendBack = null!;

    public Task InitializeAsync()
    {
        _instance = new ClientInstance(FakeRemoting.Options, NullLoggerFactory.Instance, _remoting);
        var rpc = new ConsumerRpc(_remoting, _instance.Routes, TimeSpan.FromSeconds(3));
        _sendBack = new SendBack(_remoting, rpc, () => _instance.InnerProducer, "g", maxReconsumeTimes: 16, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    [Fact]
    public async Task The_message_goes_back_to_its_broker_by_commit_log_offset()
    {
        await _instance.Routes.UpdateAsync("TopicTest", CancellationToken.None);
        _remoting.OnBroker = (_, request, _) => Task.FromResult(RemotingCommand.CreateResponse(request, ResponseCode.Success));

        Assert.True(await _sendBack.SendAsync(Failed(), delayLevel: 2, CancellationToken.None));

        var (address, request) = Assert.Single(_remoting.Requests, r => r.Request.Code == (int)RequestCode.ConsumerSendMsgBack);
        var header = ConsumerSendMsgBackRequestHeader.Decode(request);
        Assert.Equal(FakeRemoting.BrokerA, address);
        Assert.Equal(123456, header.Offset);
        Assert.Equal("g", header.Group);
        Assert.Equal(2, header.DelayLevel);
        Assert.Equal("UNIQ0001", header.OriginMsgId);
        Assert.Equal("TopicTest", header.OriginTopic);
        Assert.Equal(16, header.MaxReconsumeTimes);
    }

    [Fact]
    public async Task When_send_back_fails_a_copy_goes_to_the_retry_topic_with_delay_three_plus_reconsume_times()
    {
        _remoting.OnBroker = (_, request, _) => Task.FromResult(request.Code == (int)RequestCode.ConsumerSendMsgBack
            ? FakeRemoting.Error(request, ResponseCode.SystemError)
            : _remoting.Stored(request));

        Assert.True(await _sendBack.SendAsync(Failed(), delayLevel: 0, CancellationToken.None));

        var (_, send) = Assert.Single(_remoting.Sends);
        var header = SendMessageRequestHeader.Decode(send);
        var properties = MessageProperties.Parse(header.Properties);
        Assert.Equal("%RETRY%g", header.Topic);
        Assert.Equal("CLIENT_INNER_PRODUCER", header.ProducerGroup);
        Assert.Equal(3, header.ReconsumeTimes);
        Assert.Equal(16, header.MaxReconsumeTimes);
        Assert.Equal("5", properties[MessageConst.Delay]);
        Assert.Equal("TopicTest", properties[MessageConst.RetryTopic]);
        Assert.Equal("UNIQ0001", properties[MessageConst.OriginMessageId]);
        Assert.Equal("UNIQ0001", properties[MessageConst.UniqKey]);
        Assert.Equal("TagA", properties[MessageConst.Tags]);
        Assert.False(properties.ContainsKey(MessageConst.ReconsumeTime));
    }

    [Fact]
    public async Task When_both_fail_the_caller_is_told_to_redeliver_locally()
    {
        _remoting.OnBroker = (_, request, _) => Task.FromResult(FakeRemoting.Error(request, ResponseCode.MessageIllegal));
        Assert.False(await _sendBack.SendAsync(Failed(), delayLevel: 0, CancellationToken.None));
    }

    private static ReceivedMessage Failed() => new("TopicTest", "payload"u8.ToArray(), new Dictionary<string, string>
    {
        [MessageConst.UniqKey] = "UNIQ0001",
        [MessageConst.Tags] = "TagA",
    })
    {
        BrokerName = "broker-a",
        QueueId = 1,
        CommitLogOffset = 123456,
        ReconsumeTimes = 2,
    };
}
