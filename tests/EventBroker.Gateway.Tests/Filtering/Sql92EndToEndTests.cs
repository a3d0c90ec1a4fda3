using System.Globalization;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Gateway.Tests.Filtering;

internal static class Sql92Requests
{
    public static RemotingCommand Pull(string group, string topic, long offset, string? expression, string expressionType = "SQL92", long subVersion = 0)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.PullMessage);
        new PullMessageRequestHeader
        {
            ConsumerGroup = group,
            Topic = topic,
            QueueId = 0,
            QueueOffset = offset,
            MaxMsgNums = 32,
            SysFlag = expression is null ? 2 : 4,
            CommitOffset = 0,
            SuspendTimeoutMillis = 0,
            Subscription = expression,
            SubVersion = subVersion,
            ExpressionType = expression is null ? null : expressionType,
        }.EncodeTo(request);
        return request;
    }

    public static RemotingCommand Heartbeat(string clientId, string group, string topic, string expression, long subVersion = 1)
    {
        var data = new HeartbeatData { ClientID = clientId };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = group,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
            SubscriptionDataSet = [new SubscriptionData { Topic = topic, SubString = expression, SubVersion = subVersion, ExpressionType = "SQL92" }],
        });
        var request = RemotingCommand.CreateRequest((int)RequestCode.HeartBeat);
        request.Body = data.ToJson();
        return request;
    }

    /// <summary>CHECK_CLIENT_CONFIG as the Java consumer sends it: a CheckClientRequestBody.</summary>
    public static RemotingCommand CheckClientConfig(string group, string topic, string expression, string expressionType = "SQL92")
    {
        var subscription = new SubscriptionData { Topic = topic, SubString = expression, SubVersion = 1, ExpressionType = expressionType };
        var body = $"{{\"clientId\":\"10.0.0.1@1\",\"group\":\"{group}\",\"subscriptionData\":{Encoding.UTF8.GetString(subscription.ToJson())}}}";
        var request = RemotingCommand.CreateRequest((int)RequestCode.CheckClientConfig);
        request.Body = Encoding.UTF8.GetBytes(body);
        return request;
    }

    public static async Task SendAsync(RemotingTestClient client, string topic, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var sent = await client.SendAsync(topic, 0, $"m{i}", tags: i % 2 == 0 ? "TagA" : "TagB", extra:
            [
                new("price", (i * 10).ToString(CultureInfo.InvariantCulture)),
                new("region", i < 5 ? "eu" : "us"),
            ]);
            Assert.Equal(0, sent.Code);
        }
    }

    public static string[] Bodies(RemotingCommand pull) => pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)).ToArray();
}

/// <summary>SQL92 subscriptions with <c>enablePropertyFilter=true</c>: filtered pulls, parse errors as 23, CHECK_CLIENT_CONFIG.</summary>
public sealed class Sql92EndToEndTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync("--Broker:enablePropertyFilter=true");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static string NewTopic() => "T_sql_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_pull_carrying_an_SQL92_subscription_gets_only_matching_messages()
    {
        var topic = NewTopic();
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 10);

        using var pull = await client.InvokeAsync(Sql92Requests.Pull("g1", topic, 0, "TAGS = 'TagA' AND price BETWEEN 20 AND 70 AND region IN ('eu')"));
        Assert.Equal(0, pull.Code);
        Assert.Equal(["m2", "m4"], Sql92Requests.Bodies(pull));
        Assert.Equal(10, pull.ExtLong("nextBeginOffset"));

        using var all = await client.InvokeAsync(Sql92Requests.Pull("g1", topic, 0, "price >= 0"));
        Assert.Equal(10, Sql92Requests.Bodies(all).Length);
        // Offsets are the stored ones, not positions in the filtered answer.
        Assert.Equal([0L, 1L], all.Messages().Take(2).Select(m => m.QueueOffset));
    }

    [Fact]
    public async Task Nothing_matching_answers_retry_immediately_from_past_the_scanned_messages()
    {
        var topic = NewTopic();
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 3);
        using var pull = await client.InvokeAsync(Sql92Requests.Pull("g1", topic, 0, "price > 1000"));
        Assert.Equal((int)ResponseCode.PullRetryImmediately, pull.Code);
        Assert.Equal(3, pull.ExtLong("nextBeginOffset"));
    }

    [Fact]
    public async Task A_bad_expression_in_a_pull_is_23_with_the_parse_error()
    {
        var topic = NewTopic();
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 1);
        using var pull = await client.InvokeAsync(Sql92Requests.Pull("g1", topic, 0, "price > 'cheap'"));
        Assert.Equal((int)ResponseCode.SubscriptionParseFailed, pull.Code);
        Assert.Equal("parse the consumer's subscription failed: SQL92 expression \"price > 'cheap'\": ''cheap'' cannot be compared with >: only numbers can (at column 9)", pull.Remark);
    }

    [Fact]
    public async Task An_unknown_expression_type_is_code_1_as_RocketMQ_answers()
    {
        var topic = NewTopic();
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 1);
        using var pull = await client.InvokeAsync(Sql92Requests.Pull("g1", topic, 0, "x", expressionType: "CLASS"));
        Assert.Equal((int)ResponseCode.SystemError, pull.Code);
        Assert.Equal("The broker does not support consumer to filter message by CLASS", pull.Remark);
    }

    [Fact]
    public async Task A_heartbeat_subscription_filters_java_style_pulls_and_a_bad_one_is_reported_by_the_pull()
    {
        var topic = NewTopic();
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 10);

        using (var heartbeat = await client.InvokeAsync(Sql92Requests.Heartbeat("10.0.0.7@1", "gh", topic, "region = 'us' AND price > 70")))
        {
            Assert.Equal(0, heartbeat.Code);
        }
        using (var pull = await client.InvokeAsync(Sql92Requests.Pull("gh", topic, 0, expression: null, subVersion: 1)))
        {
            Assert.Equal(0, pull.Code);
            Assert.Equal(["m8", "m9"], Sql92Requests.Bodies(pull));
        }

        // RocketMQ accepts the heartbeat whatever the expression; the pulls then fail until the consumer fixes it.
        using (var heartbeat = await client.InvokeAsync(Sql92Requests.Heartbeat("10.0.0.7@1", "gh", topic, "region = ", subVersion: 2)))
        {
            Assert.Equal(0, heartbeat.Code);
        }
        using (var pull = await client.InvokeAsync(Sql92Requests.Pull("gh", topic, 0, expression: null, subVersion: 2)))
        {
            Assert.Equal((int)ResponseCode.SubscriptionParseFailed, pull.Code);
            Assert.Contains("expected a property name, a literal or '(' but found the end of the expression (at column 10)", pull.Remark, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("a > 1 AND b IN ('x')", "TAG", 0, null)]
    [InlineData("a > 1 AND b IN ('x')", "SQL92", 0, null)]
    [InlineData("a > ", "SQL92", 23, "SQL92 expression \"a > \": expected a property name, a literal or '(' but found the end of the expression (at column 5)")]
    [InlineData("a = 1", "JAVA", 23, "unknown expression type JAVA: the broker filters by TAG or SQL92")]
    public async Task Check_client_config_answers_like_the_java_broker(string expression, string type, int code, string? remark)
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using var response = await client.InvokeAsync(Sql92Requests.CheckClientConfig("gc", "T", expression, type));
        Assert.Equal(code, response.Code);
        Assert.Equal(remark, response.Remark);
    }

    [Fact]
    public async Task Check_client_config_without_a_body_or_subscription_is_fine_and_bad_json_is_code_1()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using (var empty = await client.InvokeAsync(RemotingCommand.CreateRequest((int)RequestCode.CheckClientConfig)))
        {
            Assert.Equal(0, empty.Code);
        }
        var bad = RemotingCommand.CreateRequest((int)RequestCode.CheckClientConfig);
        bad.Body = "{not json"u8.ToArray();
        using var response = await client.InvokeAsync(bad);
        Assert.Equal((int)ResponseCode.SystemError, response.Code);
        Assert.StartsWith("the CHECK_CLIENT_CONFIG body is not a CheckClientRequestBody JSON", response.Remark, StringComparison.Ordinal);
    }
}

/// <summary>The default, <c>enablePropertyFilter=false</c>: RocketMQ's refusal, TAG subscriptions untouched.</summary>
public sealed class Sql92DisabledTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Sql92_pulls_and_checks_get_code_1_and_tag_pulls_still_work()
    {
        var topic = "T_nosql_" + Guid.NewGuid().ToString("N")[..10];
        await using var client = await _gateway.ConnectBrokerAsync();
        await Sql92Requests.SendAsync(client, topic, 4);

        using (var pull = await client.InvokeAsync(Sql92Requests.Pull("g", topic, 0, "price > 1")))
        {
            Assert.Equal((int)ResponseCode.SystemError, pull.Code);
            Assert.Equal("The broker does not support consumer to filter message by SQL92", pull.Remark);
        }
        using (var check = await client.InvokeAsync(Sql92Requests.CheckClientConfig("g", topic, "price > 1")))
        {
            Assert.Equal((int)ResponseCode.SystemError, check.Code);
            Assert.Equal("The broker does not support consumer to filter message by SQL92", check.Remark);
        }
        using (var check = await client.InvokeAsync(Sql92Requests.CheckClientConfig("g", topic, "TagA", "TAG")))
        {
            Assert.Equal(0, check.Code);
        }
        using var tags = await client.InvokeAsync(Sql92Requests.Pull("g", topic, 0, "TagB", expressionType: "TAG"));
        Assert.Equal(["m1", "m3"], Sql92Requests.Bodies(tags));
    }
}
