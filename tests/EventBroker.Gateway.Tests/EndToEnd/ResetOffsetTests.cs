using System.Globalization;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>INVOKE_BROKER_TO_RESET_OFFSET (222), as mqadmin resetOffsetByTime sends it to each broker of the route.</summary>
public sealed class ResetOffsetTests : IAsyncLifetime
{
    private const string Topic = "T_reset_222";
    private const string Group = "g_reset_222";
    private TestGateway _gateway = null!;
    private RemotingTestClient _a = null!;
    private RemotingTestClient _b = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync("--Broker:BrokerNames=broker-a,broker-b");
        _a = await _gateway.ConnectBrokerAsync(0);
        _b = await _gateway.ConnectBrokerAsync(1);
        using var created = await _a.InvokeAsync(Requests.Create(RequestCode.UpdateAndCreateTopic, ("topic", Topic), ("defaultTopic", "TBW102"),
            ("readQueueNums", "2"), ("writeQueueNums", "2"), ("perm", "6"), ("topicFilterType", "SINGLE_TAG"), ("topicSysFlag", "0"), ("order", "false")));
        Assert.Equal(0, created.Code);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private static RemotingCommand Reset(long timestamp, bool force) => Requests.Create(RequestCode.InvokeBrokerToResetOffset,
        ("topic", Topic), ("group", Group), ("timestamp", timestamp.ToString(CultureInfo.InvariantCulture)), ("isForce", force ? "true" : "false"));

    private static RemotingCommand Commit(int queueId, long offset) => Requests.Create(RequestCode.UpdateConsumerOffset,
        ("consumerGroup", Group), ("topic", Topic), ("queueId", queueId.ToString(CultureInfo.InvariantCulture)), ("commitOffset", offset.ToString(CultureInfo.InvariantCulture)));

    private static async Task<long> OffsetAsync(RemotingTestClient broker, int queueId)
    {
        using var response = await broker.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset,
            ("consumerGroup", Group), ("topic", Topic), ("queueId", queueId.ToString(CultureInfo.InvariantCulture))));
        return response.ExtLong("offset");
    }

    private static RemotingCommand Heartbeat(string clientId)
    {
        var data = new HeartbeatData { ClientID = clientId };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = Group,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
            SubscriptionDataSet = [new SubscriptionData { Topic = Topic, SubString = "*", SubVersion = 1, ExpressionType = "TAG" }],
        });
        var request = RemotingCommand.CreateRequest((int)RequestCode.HeartBeat);
        request.Body = data.ToJson();
        return request;
    }

    private static async Task<RemotingCommand> NextServerRequestAsync(RemotingTestClient client, RequestCode code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var request = await client.ServerRequests.Reader.ReadAsync(timeout.Token);
            if (request.Code == (int)code)
            {
                return request;
            }
            request.Dispose();
        }
    }

    [Fact]
    public async Task Moves_the_offsets_of_the_broker_asked_answers_the_ResetOffsetBody_and_tells_the_online_consumer()
    {
        // broker-a: 3 messages in q0, then 3 more after 'middle'; q1 empty. broker-b: 4 messages in q0.
        for (var i = 0; i < 3; i++)
        {
            using var s = await _a.SendAsync(Topic, 0, $"early{i}");
        }
        await Task.Delay(50);
        var middle = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Task.Delay(50);
        for (var i = 0; i < 3; i++)
        {
            using var s = await _a.SendAsync(Topic, 0, $"late{i}");
            using var sb = await _b.SendAsync(Topic, 0, $"b{i}");
        }
        using (var c0 = await _a.InvokeAsync(Commit(0, 6)))
        using (var c1 = await _a.InvokeAsync(Commit(1, 0)))
        using (var cb0 = await _b.InvokeAsync(Commit(0, 3)))
        using (var cb1 = await _b.InvokeAsync(Commit(1, 0)))
        {
            Assert.Equal(0, c0.Code + c1.Code + cb0.Code + cb1.Code);
        }

        // No member online: 206, as the Java broker answers (mqadmin then commits the offsets itself).
        using (var offline = await _a.InvokeAsync(Reset(middle, force: true)))
        {
            Assert.Equal((int)ResponseCode.ConsumerNotOnline, offline.Code);
            Assert.Equal($"Consumer not online, so can not reset offset, Group: {Group} Topic: {Topic} Timestamp: {middle}", offline.Remark);
        }
        Assert.Equal(6, await OffsetAsync(_a, 0));

        await using var consumer = await _gateway.ConnectBrokerAsync(0);
        using (var hb = await consumer.InvokeAsync(Heartbeat("10.9.9.9@reset-consumer")))
        {
            Assert.Equal(0, hb.Code);
        }

        using (var reset = await _a.InvokeAsync(Reset(middle, force: true)))
        {
            Assert.Equal(0, reset.Code);
            // ResetOffsetBody as fastjson writes Java's HashMap<MessageQueue, Long>: object keys, bean fields sorted.
            var body = Encoding.UTF8.GetString(reset.Body.Span);
            Assert.StartsWith("{\"offsetTable\":{{", body, StringComparison.Ordinal);
            Assert.Contains($"{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"{Topic}\"}}:3", body, StringComparison.Ordinal);
            Assert.Contains($"{{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"{Topic}\"}}:0", body, StringComparison.Ordinal);
            Assert.DoesNotContain("broker-b", body, StringComparison.Ordinal);
            Assert.Equal(
                $"{{\"offsetTable\":{{{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"{Topic}\"}}:3,{{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"{Topic}\"}}:0}}}}".Length,
                body.Length);
        }
        Assert.Equal(3, await OffsetAsync(_a, 0));
        Assert.Equal(3, await OffsetAsync(_b, 0)); // broker-b untouched: mqadmin asks it separately

        using (var notice = await NextServerRequestAsync(consumer, RequestCode.ResetConsumerClientOffset))
        {
            Assert.Equal(Topic, notice.GetExt("topic"));
            Assert.Equal(Group, notice.GetExt("group"));
            Assert.Equal(middle.ToString(CultureInfo.InvariantCulture), notice.GetExt("timestamp"));
            Assert.Contains($"{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"{Topic}\"}}:3", Encoding.UTF8.GetString(notice.Body.Span), StringComparison.Ordinal);
        }

        // Without isForce an offset only moves back: timestamp -1 (the max offset, 6) keeps the committed 3.
        using (var forward = await _a.InvokeAsync(Reset(-1, force: false)))
        {
            Assert.Equal(0, forward.Code);
            Assert.Contains($"\"queueId\":0,\"topic\":\"{Topic}\"}}:3", Encoding.UTF8.GetString(forward.Body.Span), StringComparison.Ordinal);
        }
        Assert.Equal(3, await OffsetAsync(_a, 0));
        // With isForce it moves forward too; on broker-b, to broker-b's own max offset.
        using (var forced = await _b.InvokeAsync(Reset(-1, force: true)))
        {
            Assert.Equal(0, forced.Code);
            Assert.Contains($"{{\"brokerName\":\"broker-b\",\"queueId\":0,\"topic\":\"{Topic}\"}}:3", Encoding.UTF8.GetString(forced.Body.Span), StringComparison.Ordinal);
        }
        using (var forcedA = await _a.InvokeAsync(Reset(-1, force: true)))
        {
            Assert.Equal(0, forcedA.Code);
        }
        Assert.Equal(6, await OffsetAsync(_a, 0));
    }

    [Fact]
    public async Task Unknown_topic_and_a_group_without_offsets_are_refused_as_the_Java_broker_does()
    {
        using (var noTopic = await _a.InvokeAsync(Requests.Create(RequestCode.InvokeBrokerToResetOffset,
                   ("topic", "T_no_such"), ("group", Group), ("timestamp", "0"), ("isForce", "true"))))
        {
            Assert.Equal((int)ResponseCode.SystemError, noTopic.Code);
            Assert.Equal("[reset-offset] reset offset failed, no topic in this broker. topic=T_no_such", noTopic.Remark);
        }
        using (var noOffsets = await _a.InvokeAsync(Reset(0, force: true)))
        {
            Assert.Equal((int)ResponseCode.SystemError, noOffsets.Code);
            Assert.StartsWith($"THe consumer group <{Group}> not exist", noOffsets.Remark, StringComparison.Ordinal);
        }
        using var missingHeader = await _a.InvokeAsync(Requests.Create(RequestCode.InvokeBrokerToResetOffset, ("topic", Topic), ("group", Group)));
        Assert.NotEqual(0, missingHeader.Code);
        Assert.Contains("timestamp", missingHeader.Remark, StringComparison.Ordinal);
    }
}
