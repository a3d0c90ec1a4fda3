using System.Text;
using EventBroker.Client.Internal.Consuming;
using EventBroker.Client.Internal.Producing;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Tests.Unit;

/// <summary>What a message looks like on the wire: properties, compression, and the fields retry topics carry in the header.</summary>
public sealed class MessageEncodingTests
{
    private static readonly ProducerOptions Options = new("p");

    [Fact]
    public void Tags_keys_user_properties_and_a_unique_key_become_properties()
    {
        var message = new Message("T", "body")
        {
            Tag = "TagA",
            Keys = ["k1", "k2"],
            Properties = new Dictionary<string, string> { ["color"] = "red" },
            DelayLevel = 3,
        };
        var encoded = MessageEncoder.Encode(message, Options, producerGroupForTransaction: null);
        var properties = MessageProperties.Parse(encoded.Properties);

        Assert.Equal("TagA", properties[MessageConst.Tags]);
        Assert.Equal("k1 k2", properties[MessageConst.Keys]);
        Assert.Equal("red", properties["color"]);
        Assert.Equal("3", properties[MessageConst.Delay]);
        Assert.Equal("true", properties[MessageConst.Wait]);
        Assert.Equal(encoded.UniqueKey, properties[MessageConst.UniqKey]);
        Assert.Equal(32, encoded.UniqueKey!.Length);
        Assert.Equal(0, encoded.SysFlag);
        Assert.DoesNotContain('\u0002', encoded.Properties[^1..]);
    }

    [Fact]
    public void A_delivery_time_becomes_timer_deliver_ms()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var encoded = MessageEncoder.Encode(new Message("T", "x") { DeliverAt = at }, Options, null);
        Assert.Equal("1800000000000", MessageProperties.Parse(encoded.Properties)["TIMER_DELIVER_MS"]);
    }

    [Fact]
    public void Bodies_from_four_kib_are_zlib_compressed_and_flagged()
    {
        var small = new byte[4095];
        var large = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdefgh", 1024)));

        Assert.Equal(0, MessageEncoder.Encode(new Message("T", small), Options, null).SysFlag);
        var encoded = MessageEncoder.Encode(new Message("T", large), Options, null);

        Assert.Equal(MessageSysFlag.Compressed, encoded.SysFlag);
        Assert.True(encoded.Body.Length < large.Length / 10);
        Assert.Equal(0x78, encoded.Body.Span[0]);
        Assert.Equal(large, MessageEncoder.Decompress(encoded.Body.Span));
    }

    [Fact]
    public void A_half_message_is_flagged_prepared_with_its_group()
    {
        var encoded = MessageEncoder.Encode(new Message("T", "x"), Options, producerGroupForTransaction: "tx-group");
        var properties = MessageProperties.Parse(encoded.Properties);
        Assert.Equal(MessageSysFlag.TransactionPreparedType, encoded.SysFlag);
        Assert.Equal("true", properties[MessageConst.TranMsg]);
        Assert.Equal("tx-group", properties[MessageConst.PGroup]);
    }

    [Theory]
    [InlineData("TAGS")]
    [InlineData("DELAY")]
    [InlineData("UNIQ_KEY")]
    [InlineData("TIMER_DELIVER_MS")]
    public void Reserved_property_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(
            new Message("T", "x") { Properties = new Dictionary<string, string> { [name] = "1" } }, 1024));

    [Theory]
    [InlineData("")]
    [InlineData("bad topic")]
    [InlineData("TBW102")]
    [InlineData("SCHEDULE_TOPIC_XXXX")]
    public void Invalid_or_system_topics_are_refused(string topic) =>
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message(topic, "x"), 1024));

    [Fact]
    public void Empty_oversized_and_doubly_delayed_messages_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("T", ReadOnlyMemory<byte>.Empty), 1024));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("T", new byte[1025]), 1024));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("T", "x") { DelayLevel = 1, DeliverAt = DateTimeOffset.UtcNow }, 1024));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("T", "x") { Tag = "a\u0001b" }, 1024));
    }

    [Fact]
    public void A_batch_gives_each_message_its_own_unique_key_and_refuses_mixed_topics()
    {
        var encoded = BatchEncoder.Encode([new Message("T", "a"), new Message("T", "b") { Tag = "x" }], 1 << 20, out var keys);
        var entries = keys.Split(',');
        Assert.Equal(2, entries.Length);
        Assert.NotEqual(entries[0], entries[1]);
        Assert.Equal(0, encoded.SysFlag);
        Assert.Equal("WAIT\u0001true", encoded.Properties);

        Assert.Throws<ArgumentException>(() => BatchEncoder.Encode([new Message("T", "a"), new Message("U", "b")], 1 << 20, out _));
        Assert.Throws<ArgumentException>(() => BatchEncoder.Encode([new Message("T", "a") { DelayLevel = 2 }], 1 << 20, out _));
    }

    [Fact]
    public void A_retry_topic_send_moves_reconsume_counts_into_the_header()
    {
        var message = new Message("%RETRY%g", "x")
        {
            SystemProperties = new Dictionary<string, string> { [MessageConst.ReconsumeTime] = "3", [MessageConst.MaxReconsumeTimes] = "16" },
        };
        var encoded = MessageEncoder.Encode(message, Options, null);
        Assert.Equal(3, encoded.ReconsumeTimes);
        Assert.Equal(16, encoded.MaxReconsumeTimes);
        Assert.DoesNotContain(MessageConst.ReconsumeTime, encoded.Properties, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_is_addressed_to_the_requesters_cluster_reply_topic()
    {
        var request = new ReceivedMessage("Req", "q"u8.ToArray(), new Dictionary<string, string>
        {
            [MessageConst.Cluster] = "DefaultCluster",
            [MessageConst.ReplyToClient] = "10.0.0.1@x",
            [MessageConst.CorrelationId] = "c-1",
            [MessageConst.Ttl] = "3000",
        });
        var reply = request.CreateReply("answer"u8.ToArray());
        var encoded = MessageEncoder.Encode(reply, Options, null);
        var properties = MessageProperties.Parse(encoded.Properties);

        Assert.Equal("DefaultCluster_REPLY_TOPIC", reply.Topic);
        Assert.True(encoded.IsReply);
        Assert.Equal("c-1", properties[MessageConst.CorrelationId]);
        Assert.Equal("10.0.0.1@x", properties[MessageConst.ReplyToClient]);
        Assert.Throws<InvalidOperationException>(() => new ReceivedMessage("T", "x"u8.ToArray(), []).CreateReply("y"u8.ToArray()));
    }

    [Fact]
    public void Pulled_records_are_inflated_filtered_by_tag_and_given_their_queue_bounds()
    {
        var large = Encoding.ASCII.GetBytes(new string('z', 5000));
        var records = new[]
        {
            Record(MessageEncoder.Compress(large, 5), MessageSysFlag.Compressed, "TagA", 0),
            Record("small"u8.ToArray(), 0, "TagB", 1),
        };
        var body = records.SelectMany(r => r).ToArray();
        var filter = Subscriptions.Build("T", MessageSelector.Tags("TagA"), 1);

        var messages = MessageDecoding.FromPull(body, new MessageQueue("T", "broker-a", 0), 0, 2, Subscriptions.ClientFilter(filter));

        var message = Assert.Single(messages);
        Assert.Equal(large, message.Body.ToArray());
        Assert.Equal("broker-a", message.BrokerName);
        Assert.Equal("2", message.GetProperty(MessageConst.MaxOffset));
    }

    private static byte[] Record(byte[] body, int sysFlag, string tag, long offset) => new DecodedMessage
    {
        Topic = "T",
        Body = body,
        SysFlag = sysFlag,
        QueueOffset = offset,
        Properties = new Dictionary<string, string> { [MessageConst.Tags] = tag },
    }.Encode();
}
