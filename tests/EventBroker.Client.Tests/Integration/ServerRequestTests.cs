using System.Buffers;
using System.Text;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Json;
using EventBroker.Protocol.Messages;
using WireQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Client.Tests.Integration;

/// <summary>
/// The requests a broker relays to a client (307 running info, 221 status, 309 consume directly, 220 reset offsets,
/// 326 reply push, unknown codes), handed to a client whose consumer runs against the gateway.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ServerRequestTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Running_info_status_and_direct_consumption_describe_the_live_consumer()
    {
        var (client, topic, group, collector) = await StartConsumerAsync(messages: 2);
        await using var _ = client;

        using var info = await HandleAsync(client, Request(RequestCode.GetConsumerRunningInfo, ("consumerGroup", group)));
        var running = FastJsonReader.Parse(info!.Body.Span);
        Assert.Equal(3, running["mqTable"]!.Members.Count);
        Assert.Equal("false", running["properties"]!["PROP_CONSUMEORDERLY"]!.GetString());
        Assert.Equal([$"%RETRY%{group}", topic], running["subscriptionSet"]!.Items.Select(s => s["topic"]!.GetString()).Order(StringComparer.Ordinal));

        using var status = await HandleAsync(client, Request(RequestCode.GetConsumerStatusFromClient, ("group", group), ("topic", topic)));
        Assert.Equal(2, FastJsonReader.Parse(status!.Body.Span)["messageQueueTable"]!.Members.Count);

        var direct = Request(RequestCode.ConsumeMessageDirectly, ("consumerGroup", group), ("brokerName", "broker-a"));
        direct.Body = new DecodedMessage { Topic = topic, Body = "direct"u8.ToArray() }.Encode();
        using var consumed = await HandleAsync(client, direct);
        Assert.Equal("CR_SUCCESS", FastJsonReader.Parse(consumed!.Body.Span)["consumeResult"]!.GetString());
        Assert.Contains("direct", collector.Bodies);

        using var unknownGroup = await HandleAsync(client, Request(RequestCode.GetConsumerRunningInfo, ("consumerGroup", "nobody")));
        Assert.Equal((int)ResponseCode.SystemError, unknownGroup!.Code);
        using var unknownCode = await HandleAsync(client, Request((RequestCode)9999));
        Assert.Equal((int)ResponseCode.RequestCodeNotSupported, unknownCode!.Code);
    }

    [Fact]
    public async Task A_reset_offset_request_makes_the_consumer_read_the_queue_again()
    {
        var (client, topic, group, collector) = await StartConsumerAsync(messages: 2);
        await using var _ = client;
        var broker = client.Instance.Routes.GetRoute(topic)!.BrokerDatas[0].BrokerName;

        var body = new ArrayBufferWriter<byte>();
        var writer = new FastJsonWriter(body);
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(
            Enumerable.Range(0, 2).ToDictionary(i => new WireQueue(topic, broker, i), _ => 0L),
            WireQueue.MapKey, static (w, offset) => w.WriteNumber(offset), JavaMapShape.HashMap);
        writer.WriteEndObject();
        var reset = Request(RequestCode.ResetConsumerClientOffset, ("topic", topic), ("group", group), ("timestamp", "0"), ("isForce", "true"));
        reset.Body = body.WrittenMemory;

        Assert.Null(await HandleAsync(client, reset));
        await collector.CountAsync(4);
        Assert.Equal(["m0", "m0", "m1", "m1"], collector.Bodies.Order());
    }

    [Fact]
    public async Task A_pushed_reply_completes_the_waiting_request_and_is_acknowledged()
    {
        await using var client = gateway.NewClient();
        var waiting = client.Instance.Replies.Register("corr-1");
        var push = Request(RequestCode.PushReplyMessageToClient, ("topic", "DefaultCluster_REPLY_TOPIC"), ("queueId", "0"), ("sysFlag", "0"),
            ("properties", MessageProperties.Format([new(MessageConst.CorrelationId, "corr-1"), new(MessageConst.MsgType, "reply")])),
            ("bornHost", "127.0.0.1:1234"), ("storeHost", "127.0.0.1:10911"), ("bornTimestamp", "1700000000000"));
        push.Body = "pong"u8.ToArray();

        using var ack = await HandleAsync(client, push);

        Assert.Equal((int)ResponseCode.Success, ack!.Code);
        var reply = await waiting.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("pong", Encoding.UTF8.GetString(reply.Body.Span));
        Assert.Equal(1234, reply.BornHost!.Port);
    }

    private async Task<(EventBrokerClient Client, string Topic, string Group, Collector Collector)> StartConsumerAsync(int messages)
    {
        var topic = GatewayFixture.Unique("Srv");
        var group = GatewayFixture.Unique("g");
        var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 2);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        var queues = await producer.GetPublishQueuesAsync(topic);
        for (var i = 0; i < messages; i++)
        {
            await producer.SendAsync(new Message(topic, $"m{i}"), queues[i % queues.Count]);
        }
        var collector = new Collector();
        var consumer = client.CreatePushConsumer(new PushConsumerOptions(group, new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(messages);
        return (client, topic, group, collector);
    }

    private static async Task<RemotingCommand?> HandleAsync(EventBrokerClient client, RemotingCommand request) =>
        await client.Instance.ServerRequests.HandleAsync(client.Instance.NameServers.Addresses[0], request, CancellationToken.None);

    private static RemotingCommand Request(RequestCode code, params (string Key, string Value)[] fields)
    {
        var request = RemotingCommand.CreateRequest((int)code);
        foreach (var (key, value) in fields)
        {
            request.AddExt(key, value);
        }
        return request;
    }
}
