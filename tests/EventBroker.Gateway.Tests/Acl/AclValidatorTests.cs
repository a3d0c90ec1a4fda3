using System.Net;
using EventBroker.Gateway.Acl;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.Acl;

/// <summary>Signed requests against <see cref="PlainAclFileTests.Sample"/>: who may do what, and the remarks of refusals.</summary>
public sealed class AclValidatorTests
{
    private static readonly AclRules Rules = PlainAclFile.Parse(PlainAclFileTests.Sample, "plain_acl.yml").Rules;
    private static readonly IPAddress Client = IPAddress.Loopback;

    internal static RemotingCommand Signed(RequestCode code, (string Key, string Value)[] fields, byte[]? body = null,
        string accessKey = "RocketMQ", string secretKey = "12345678")
    {
        var request = RemotingCommand.CreateRequest((int)code);
        foreach (var (key, value) in fields)
        {
            request.AddExt(key, value);
        }
        request.Body = body ?? default(ReadOnlyMemory<byte>);
        request.AddExt(AclSignature.AccessKeyKey, accessKey);
        request.AddExt(AclSignature.SignatureKey, AclSignature.Compute(request.ExtFields, request.Body.Span, secretKey));
        return request;
    }

    private static string? Validate(RemotingCommand request, IPAddress? from = null) => AclValidator.Validate(Rules, request, from ?? Client);

    private static RemotingCommand SendV2(string topic, string group = "PID_x", string accessKey = "RocketMQ", string secretKey = "12345678") =>
        Signed(RequestCode.SendMessageV2, [("a", group), ("b", topic), ("c", "TBW102"), ("d", "4"), ("e", "0"), ("i", "WAIT\u0001true")],
            "body"u8.ToArray(), accessKey, secretKey);

    private static RemotingCommand Pull(string topic, string group) =>
        Signed(RequestCode.PullMessage, [("consumerGroup", group), ("topic", topic), ("queueId", "0"), ("queueOffset", "0")]);

    private static RemotingCommand Heartbeat(string group, params string[] topics)
    {
        var data = new HeartbeatData { ClientID = "10.0.0.1@1" };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = group,
            SubscriptionDataSet = topics.Select(t => new SubscriptionData { Topic = t, SubString = "*" }).ToList(),
        });
        data.ProducerDataSet.Add(new ProducerData { GroupName = "PID_any" });
        return Signed(RequestCode.HeartBeat, [], data.ToJson());
    }

    [Theory]
    [InlineData("topicB", null)]
    [InlineData("topicP", null)]
    [InlineData("topicC", "AclException: No default permission for topic:topicC: accessKey=RocketMQ needs PUB there but has SUB; grant it with topicPerms entry \"topicC=PUB\" or with defaultTopicPerm")]
    [InlineData("topicA", "AclException: No default permission for topic:topicA: accessKey=RocketMQ needs PUB there but has DENY; grant it with topicPerms entry \"topicA=PUB\" or with defaultTopicPerm")]
    [InlineData("unlisted", "AclException: No default permission for topic:unlisted: accessKey=RocketMQ needs PUB there but has DENY")]
    [InlineData("RMQ_SYS_TRACE_TOPIC", null)] // traces are always allowed, as in RocketMQ
    public void Send_needs_pub_on_the_topic(string topic, string? refusal)
    {
        var remark = Validate(SendV2(topic));
        if (refusal is null)
        {
            Assert.Null(remark);
        }
        else
        {
            Assert.StartsWith(refusal, remark, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_send_code_is_checked_and_a_retry_send_needs_sub_on_the_producer_group()
    {
        Assert.Null(Validate(Signed(RequestCode.SendMessage, [("producerGroup", "PID_x"), ("topic", "topicB")])));
        Assert.NotNull(Validate(Signed(RequestCode.SendMessage, [("producerGroup", "PID_x"), ("topic", "topicC")])));
        Assert.NotNull(Validate(Signed(RequestCode.SendBatchMessage, [("a", "PID_x"), ("b", "topicC"), ("m", "true")])));
        Assert.Null(Validate(SendV2("%RETRY%groupB", group: "groupB")));
        Assert.Null(Validate(SendV2("%RETRY%anything", group: "unlistedGroup"))); // defaultGroupPerm SUB
        Assert.StartsWith("AclException: No default permission for group:groupA: accessKey=RocketMQ needs SUB there but has DENY; grant it with groupPerms entry \"groupA=SUB\" or with defaultGroupPerm",
            Validate(SendV2("%RETRY%groupA", group: "groupA")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("topicC", "groupC", null)]
    [InlineData("topicB", "unlistedGroup", null)]
    [InlineData("topicC", "groupA", "group:groupA")]
    [InlineData("topicP", "groupC", "topic:topicP: accessKey=RocketMQ needs SUB there but has PUB")]
    [InlineData("topicA", "groupC", "topic:topicA")]
    public void Pull_needs_sub_on_the_topic_and_the_group(string topic, string group, string? refused)
    {
        var remark = Validate(Pull(topic, group));
        if (refused is null)
        {
            Assert.Null(remark);
        }
        else
        {
            Assert.Contains(refused, remark, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Heartbeat_needs_sub_on_every_subscribed_topic_and_group()
    {
        Assert.Null(Validate(Heartbeat("groupB", "topicC", "%RETRY%groupB")));
        Assert.Contains("topic:topicA", Validate(Heartbeat("groupB", "topicC", "topicA")), StringComparison.Ordinal);
        Assert.Contains("group:groupA", Validate(Heartbeat("groupA", "topicC")), StringComparison.Ordinal);
        var garbage = Signed(RequestCode.HeartBeat, [], "{not json"u8.ToArray());
        Assert.StartsWith("AclException: the request code 34 body cannot be read", Validate(garbage), StringComparison.Ordinal);
    }

    [Fact]
    public void Offset_and_membership_calls_need_sub_on_the_group()
    {
        Assert.Null(Validate(Signed(RequestCode.UpdateConsumerOffset, [("consumerGroup", "groupC"), ("topic", "topicC"), ("queueId", "0"), ("commitOffset", "5")])));
        Assert.Contains("topic:topicA", Validate(Signed(RequestCode.UpdateConsumerOffset, [("consumerGroup", "groupC"), ("topic", "topicA")])), StringComparison.Ordinal);
        Assert.Contains("group:groupA", Validate(Signed(RequestCode.UnregisterClient, [("clientID", "c"), ("consumerGroup", "groupA")])), StringComparison.Ordinal);
        Assert.Null(Validate(Signed(RequestCode.UnregisterClient, [("clientID", "c"), ("producerGroup", "anything")])));
        Assert.Contains("group:groupA", Validate(Signed(RequestCode.GetConsumerListByGroup, [("consumerGroup", "groupA")])), StringComparison.Ordinal);
        Assert.Null(Validate(Signed(RequestCode.GetConsumerListByGroup, [("consumerGroup", "groupC")])));
        Assert.Contains("group:groupA", Validate(Signed(RequestCode.ConsumerSendMsgBack, [("group", "groupA"), ("offset", "0")])), StringComparison.Ordinal);
        Assert.Contains("topic:topicA", Validate(Signed(RequestCode.QueryMessage, [("topic", "topicA"), ("key", "k")])), StringComparison.Ordinal);
        // Codes without resources need only the signature.
        Assert.Null(Validate(Signed(RequestCode.GetMaxOffset, [("topic", "topicA"), ("queueId", "0")])));
    }

    [Theory]
    [InlineData(RequestCode.UpdateAndCreateTopic)]
    [InlineData(RequestCode.UpdateBrokerConfig)]
    [InlineData(RequestCode.DeleteTopicInBroker)]
    [InlineData(RequestCode.UpdateAndCreateSubscriptionGroup)]
    [InlineData(RequestCode.DeleteSubscriptionGroup)]
    public void Admin_codes_need_an_admin_account(RequestCode code)
    {
        Assert.Equal($"AclException: Need admin permission for request code={(int)code}, but accessKey=RocketMQ is not: set admin: true on the account in plain_acl.yml to allow it",
            Validate(Signed(code, [("topic", "topicB")])));
        Assert.Null(Validate(Signed(code, [("topic", "topicB")], accessKey: "rocketmq2")));
        Assert.Null(Validate(Signed(code, [("topic", "topicB")], accessKey: "adminWithPerms", secretKey: "87654321")));
    }

    [Fact]
    public void An_admin_without_resource_perms_may_do_anything_one_with_perms_is_checked()
    {
        Assert.Null(Validate(SendV2("topicA", accessKey: "rocketmq2")));
        Assert.Null(Validate(SendV2("whatever", accessKey: "adminWithPerms", secretKey: "87654321")));
        Assert.Contains("topic:secret: accessKey=adminWithPerms needs PUB there but has DENY",
            Validate(SendV2("secret", accessKey: "adminWithPerms", secretKey: "87654321")), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_unknown_and_wrongly_signed_requests_are_refused_with_what_to_do()
    {
        var unsigned = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        unsigned.AddExt("b", "topicB");
        Assert.StartsWith("AclException: No accessKey is configured: this broker has ACL enabled, so every request must carry an AccessKey and a Signature",
            Validate(unsigned), StringComparison.Ordinal);
        Assert.StartsWith("AclException: No accessKey is configured", Validate(RemotingCommand.CreateRequest((int)RequestCode.GetMaxOffset)), StringComparison.Ordinal);

        Assert.Equal("AclException: No acl config for nobody42: no account of this broker has that AccessKey; use an accessKey from the broker's plain_acl.yml",
            Validate(SendV2("topicB", accessKey: "nobody42")));

        Assert.Equal("AclException: Check signature failed for accessKey=RocketMQ: the Signature does not match this account's secretKey; check the secretKey the client is configured with",
            Validate(SendV2("topicB", secretKey: "wrong-secret")));

        var tampered = SendV2("topicB");
        tampered.Body = "other body"u8.ToArray();
        Assert.StartsWith("AclException: Check signature failed for accessKey=RocketMQ", Validate(tampered), StringComparison.Ordinal);

        var noSignature = SendV2("topicB");
        noSignature.ExtFields!.Remove(AclSignature.SignatureKey);
        Assert.StartsWith("AclException: Check signature failed for accessKey=RocketMQ: the request has no Signature field", Validate(noSignature), StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_key_query_is_accepted_whether_the_client_signed_it_or_not()
    {
        var brokerStyle = Signed(RequestCode.QueryMessage, [("topic", "topicC"), ("key", "k"), ("_UNIQUE_KEY_QUERY", "true")]);
        Assert.Null(Validate(brokerStyle));
        var javaClient = RemotingCommand.CreateRequest((int)RequestCode.QueryMessage);
        javaClient.AddExt("topic", "topicC").AddExt("key", "k").AddExt("_UNIQUE_KEY_QUERY", "true").AddExt("AccessKey", "RocketMQ");
        javaClient.AddExt("Signature", AclSignature.Compute(javaClient.ExtFields, default, "12345678", excluded: null));
        Assert.Null(Validate(javaClient));
    }

    [Fact]
    public void White_addresses_pass_without_signature()
    {
        var unsigned = RemotingCommand.CreateRequest((int)RequestCode.UpdateAndCreateTopic);
        Assert.Null(Validate(unsigned, IPAddress.Parse("10.10.103.7")));
        Assert.Null(Validate(unsigned, IPAddress.Parse("::ffff:192.168.0.9")));
        Assert.NotNull(Validate(unsigned, IPAddress.Parse("10.10.104.7")));
        // An account's whiteRemoteAddress trusts that account's AccessKey from there, unsigned (RocketMQ 4.9 / 5.x).
        var accountOnly = SendV2("topicA", accessKey: "rocketmq2", secretKey: "not-the-secret");
        Assert.Null(Validate(accountOnly, IPAddress.Parse("192.168.1.20")));
        Assert.NotNull(Validate(accountOnly, IPAddress.Parse("192.168.2.20")));
        Assert.NotNull(Validate(SendV2("topicA", secretKey: "not-the-secret"), IPAddress.Parse("192.168.1.20")));
    }

    [Fact]
    public void Nothing_passes_an_empty_account_list()
    {
        var none = PlainAclFile.Parse("accounts:\n", "f").Rules;
        Assert.StartsWith("AclException: No acl config for RocketMQ", AclValidator.Validate(none, SendV2("topicB"), Client), StringComparison.Ordinal);
    }
}
