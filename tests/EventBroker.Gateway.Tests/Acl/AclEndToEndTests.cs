using System.Text;
using EventBroker.Gateway.Acl;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Acl;

/// <summary>A gateway started with <c>--Broker:aclEnable=true --Broker:AclFile=…</c>, driven over TCP.</summary>
public sealed class AclEndToEndTests : IAsyncLifetime
{
    private const string Acl = """
        accounts:
          - accessKey: producer01
            secretKey: producer-secret
            defaultTopicPerm: DENY
            defaultGroupPerm: SUB
            topicPerms: ["orders=PUB|SUB", "audit=DENY"]
          - accessKey: operator01
            secretKey: operator-secret
            admin: true
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-acl-e2e-" + Guid.NewGuid().ToString("N"));
    private TestGateway _gateway = null!;

    private string AclFile => Path.Combine(_directory, "plain_acl.yml");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(AclFile, Acl);
        _gateway = await TestGateway.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={AclFile}");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static RemotingCommand Send(string topic, string body)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "PID_acl",
            Topic = topic,
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = 0,
            BornTimestamp = 1_700_000_000_000,
            Properties = MessageProperties.Format([new(MessageConst.UniqKey, UniqueKey.Create()), new("WAIT", "true")]),
        }.EncodeTo(request, v2: true);
        request.Body = Encoding.UTF8.GetBytes(body);
        return request;
    }

    private static RemotingCommand Sign(RemotingCommand request, string accessKey, string secretKey)
    {
        request.AddExt(AclSignature.AccessKeyKey, accessKey);
        request.AddExt(AclSignature.SignatureKey, AclSignature.Compute(request.ExtFields, request.Body.Span, secretKey));
        return request;
    }

    [Fact]
    public async Task A_signed_send_with_pub_is_stored_and_a_signed_pull_reads_it()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using var sent = await client.InvokeAsync(Sign(Send("orders", "order-1"), "producer01", "producer-secret"));
        Assert.Equal(0, sent.Code);

        var pull = RemotingCommand.CreateRequest((int)RequestCode.PullMessage);
        new PullMessageRequestHeader
        {
            ConsumerGroup = "GID_orders",
            Topic = "orders",
            QueueId = 0,
            QueueOffset = 0,
            MaxMsgNums = 32,
            SysFlag = 4,
            Subscription = "*",
            ExpressionType = "TAG",
        }.EncodeTo(pull);
        using var pulled = await client.InvokeAsync(Sign(pull, "producer01", "producer-secret"));
        Assert.Equal(0, pulled.Code);
        Assert.Equal("order-1", Encoding.UTF8.GetString(Assert.Single(pulled.Messages()).Body));
    }

    [Fact]
    public async Task Unsigned_wrong_unknown_denied_and_non_admin_requests_are_refused_with_clear_remarks()
    {
        await using var client = await _gateway.ConnectBrokerAsync();

        using (var unsigned = await client.InvokeAsync(Send("orders", "x")))
        {
            Assert.Equal((int)ResponseCode.SystemError, unsigned.Code);
            Assert.StartsWith("AclException: No accessKey is configured: this broker has ACL enabled", unsigned.Remark, StringComparison.Ordinal);
        }
        using (var wrong = await client.InvokeAsync(Sign(Send("orders", "x"), "producer01", "not-the-secret")))
        {
            Assert.Equal((int)ResponseCode.SystemError, wrong.Code);
            Assert.StartsWith("AclException: Check signature failed for accessKey=producer01", wrong.Remark, StringComparison.Ordinal);
        }
        using (var unknown = await client.InvokeAsync(Sign(Send("orders", "x"), "stranger01", "producer-secret")))
        {
            Assert.Equal((int)ResponseCode.SystemError, unknown.Code);
            Assert.StartsWith("AclException: No acl config for stranger01", unknown.Remark, StringComparison.Ordinal);
        }
        using (var denied = await client.InvokeAsync(Sign(Send("audit", "x"), "producer01", "producer-secret")))
        {
            Assert.Equal((int)ResponseCode.SystemError, denied.Code);
            Assert.StartsWith("AclException: No default permission for topic:audit: accessKey=producer01 needs PUB there but has DENY", denied.Remark, StringComparison.Ordinal);
        }
        var create = Requests.Create(RequestCode.UpdateAndCreateTopic, ("topic", "newtopic"), ("defaultTopic", "TBW102"), ("readQueueNums", "4"),
            ("writeQueueNums", "4"), ("perm", "6"), ("topicFilterType", "SINGLE_TAG"), ("topicSysFlag", "0"), ("order", "false"));
        using (var notAdmin = await client.InvokeAsync(Sign(create, "producer01", "producer-secret")))
        {
            Assert.Equal((int)ResponseCode.SystemError, notAdmin.Code);
            Assert.Equal("AclException: Need admin permission for request code=17, but accessKey=producer01 is not: set admin: true on the account in plain_acl.yml to allow it", notAdmin.Remark);
        }
        var createAgain = Requests.Create(RequestCode.UpdateAndCreateTopic, ("topic", "newtopic"), ("defaultTopic", "TBW102"), ("readQueueNums", "4"),
            ("writeQueueNums", "4"), ("perm", "6"), ("topicFilterType", "SINGLE_TAG"), ("topicSysFlag", "0"), ("order", "false"));
        using var admin = await client.InvokeAsync(Sign(createAgain, "operator01", "operator-secret"));
        Assert.Equal(0, admin.Code);
    }

    [Fact]
    public async Task The_name_server_port_needs_no_signature_as_in_rocketmq_4_9()
    {
        await using var nameServer = await _gateway.ConnectNameServerAsync();
        using var route = await nameServer.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102")));
        Assert.Equal(0, route.Code);
    }

    [Fact]
    public async Task A_changed_file_takes_effect_without_a_restart()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using (var before = await client.InvokeAsync(Sign(Send("audit", "x"), "producer01", "producer-secret")))
        {
            Assert.Equal((int)ResponseCode.SystemError, before.Code);
        }
        await File.WriteAllTextAsync(AclFile, Acl.Replace("\"audit=DENY\"", "\"audit=PUB\"", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var after = await client.InvokeAsync(Sign(Send("audit", "x"), "producer01", "producer-secret"));
            if (after.Code == 0)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"still refused after the file changed: {after.Remark}");
            await Task.Delay(100);
        }
    }
}

public sealed class AclStartupTests
{
    [Fact]
    public async Task A_gateway_with_acl_on_and_no_file_does_not_start()
    {
        var missing = Path.Combine(Path.GetTempPath(), "eb-no-such-dir-" + Guid.NewGuid().ToString("N"), "plain_acl.yml");
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={missing}"));
        Assert.Contains("Broker:aclEnable is true but the ACL file cannot be used", ex.Message, StringComparison.Ordinal);
    }
}
