using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class DelayAndRetryTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync("--Broker:messageDelayLevel=1s 2s 3s");
        _broker = await _gateway.ConnectBrokerAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private async Task<List<DecodedMessage>> WaitForMessagesAsync(string topic, int queueId, int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var pull = await _broker.PullAsync("probe", topic, queueId, 0);
            if (pull.Code == 0 && pull.Messages().Count >= count)
            {
                return pull.Messages();
            }
            Assert.True(watch.Elapsed < timeout, $"{topic}/{queueId}: fewer than {count} messages after {timeout}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_delayed_message_arrives_in_its_topic_when_due_and_not_before()
    {
        var sent = Stopwatch.StartNew();
        using var send = await _broker.SendAsync("T_delay", 2, "later", tags: "TagD", extra: [new("DELAY", "2")]);
        Assert.Equal(0, send.Code);
        Assert.Equal("2", send.GetExt("queueId"));

        using (var early = await _broker.PullAsync("g", "T_delay", 2, 0))
        {
            Assert.NotEqual(0, early.Code); // not there yet
        }
        var messages = await WaitForMessagesAsync("T_delay", 2, 1, TimeSpan.FromSeconds(6));
        var elapsed = sent.Elapsed;
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3.5));
        var message = Assert.Single(messages);
        Assert.Equal("later", Encoding.UTF8.GetString(message.Body));
        Assert.Equal("T_delay", message.Topic);
        Assert.Equal("TagD", message.Tags);
        Assert.Null(message.GetProperty("DELAY"));
        Assert.Equal("T_delay", message.GetProperty("REAL_TOPIC"));
    }

    [Fact]
    public async Task Delayed_messages_of_one_level_keep_their_order()
    {
        for (var i = 0; i < 5; i++)
        {
            using var s = await _broker.SendAsync("T_delay_order", 0, $"d{i}", extra: [new("DELAY", "1")]);
            Assert.Equal(0, s.Code);
        }
        var messages = await WaitForMessagesAsync("T_delay_order", 0, 5, TimeSpan.FromSeconds(6));
        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
    }

    private async Task<RemotingCommand> SendBackAsync(DecodedMessage message, string group, int delayLevel, int maxReconsume = 16)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.ConsumerSendMsgBack);
        new ConsumerSendMsgBackRequestHeader
        {
            Offset = message.CommitLogOffset,
            Group = group,
            DelayLevel = delayLevel,
            OriginMsgId = message.MsgId,
            OriginTopic = message.Topic,
            MaxReconsumeTimes = maxReconsume,
        }.EncodeTo(request);
        return await _broker.InvokeAsync(request);
    }

    [Fact]
    public async Task Send_back_goes_to_the_retry_topic_through_a_delay_then_to_the_dlq_at_max()
    {
        using (var s = await _broker.SendAsync("T_retry", 0, "payload", tags: "TagR", keys: "order-1"))
        {
            Assert.Equal(0, s.Code);
        }
        using var pull = await _broker.PullAsync("cg", "T_retry", 0, 0);
        var original = Assert.Single(pull.Messages());

        using (var back = await SendBackAsync(original, "cg", delayLevel: 1))
        {
            Assert.Equal(0, back.Code);
        }
        // A client retrying the same send-back does not store it twice.
        using (var again = await SendBackAsync(original, "cg", delayLevel: 1))
        {
            Assert.Equal(0, again.Code);
        }
        var retried = Assert.Single(await WaitForMessagesAsync("%RETRY%cg", 0, 1, TimeSpan.FromSeconds(5)));
        Assert.Equal("payload", Encoding.UTF8.GetString(retried.Body));
        Assert.Equal("T_retry", retried.GetProperty("RETRY_TOPIC"));
        Assert.Equal(original.OffsetMsgId, retried.GetProperty("ORIGIN_MESSAGE_ID"));
        Assert.Equal(1, retried.ReconsumeTimes);
        Assert.Equal("order-1", retried.Keys);

        using (var dead = await SendBackAsync(retried, "cg", delayLevel: 0, maxReconsume: 1))
        {
            Assert.Equal(0, dead.Code);
        }
        var dlq = Assert.Single(await WaitForMessagesAsync("%DLQ%cg", 0, 1, TimeSpan.FromSeconds(2)));
        Assert.Equal("payload", Encoding.UTF8.GetString(dlq.Body));
        Assert.Equal(2, dlq.ReconsumeTimes);
        Assert.Equal(original.OffsetMsgId, dlq.GetProperty("ORIGIN_MESSAGE_ID"));
    }

    [Fact]
    public async Task The_clients_fallback_send_to_the_retry_topic_goes_to_the_dlq_at_max_reconsume()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "p",
            Topic = "%RETRY%fg",
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = 0,
            SysFlag = 0,
            BornTimestamp = 0,
            Flag = 0,
            Properties = "DELAY\u00013\u0002RETRY_TOPIC\u0001T_orig",
            ReconsumeTimes = 16,
            MaxReconsumeTimes = 16,
            Batch = false,
        }.EncodeTo(request, v2: true);
        request.Version = MQVersion.V4_9_4;
        request.Body = "dead"u8.ToArray();
        using var response = await _broker.InvokeAsync(request);
        Assert.Equal(0, response.Code);
        var dlq = Assert.Single(await WaitForMessagesAsync("%DLQ%fg", 0, 1, TimeSpan.FromSeconds(2)));
        Assert.Equal("dead", Encoding.UTF8.GetString(dlq.Body));
        Assert.Equal(16.ToString(CultureInfo.InvariantCulture), dlq.ReconsumeTimes.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Delayed_message_survives_a_restart_before_it_is_due()
    {
        using (var s = await _broker.SendAsync("T_delay_restart", 0, "persisted", extra: [new("DELAY", "3")]))
        {
            Assert.Equal(0, s.Code);
        }
        await _broker.DisposeAsync();
        await _gateway.StopAsync();
        await _gateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        var message = Assert.Single(await WaitForMessagesAsync("T_delay_restart", 0, 1, TimeSpan.FromSeconds(8)));
        Assert.Equal("persisted", Encoding.UTF8.GetString(message.Body));
    }

    [Fact]
    public async Task A_batch_cannot_carry_a_delay_level()
    {
        using var delayed = await _broker.SendBatchAsync("T_batch_delay", 0, [("a", null), ("b", null)], delayLevel: 1);
        Assert.Equal((int)ResponseCode.MessageIllegal, delayed.Code);
        Assert.Contains("delay", delayed.Remark);
        using var max = await _broker.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", "T_batch_delay"), ("queueId", "0")));
        Assert.Equal("0", max.GetExt("offset")); // nothing of the refused batch was stored
    }
}
