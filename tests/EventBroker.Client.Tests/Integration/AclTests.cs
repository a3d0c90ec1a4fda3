using System.Text;
using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

/// <summary>A gateway of its own with plain ACL on: the client's signatures are accepted, wrong or missing ones refused.</summary>
public sealed class AclTests : IAsyncLifetime
{
    private const string Acl = """
        accounts:
          - accessKey: RocketMQ
            secretKey: "12345678"
            admin: true
            defaultTopicPerm: PUB|SUB
            defaultGroupPerm: PUB|SUB
        """;

    private readonly string _aclFile = Path.Combine(Path.GetTempPath(), "eb-client-acl-" + Guid.NewGuid().ToString("N") + ".yml");
    private GatewayHost _host = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_aclFile, Acl);
        _host = await GatewayHost.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={_aclFile}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_aclFile);
    }

    [Fact]
    public async Task A_signing_client_produces_and_consumes_and_a_wrong_secret_is_refused()
    {
        var topic = GatewayFixture.Unique("Acl");
        await using var client = _host.NewClient(credentials: new AclCredentials("RocketMQ", "12345678"));
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var producer = client.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p")));
        await producer.SendAsync(new Message(topic, "signed"));
        var collector = new Collector();
        var consumer = client.CreatePushConsumer(new PushConsumerOptions(GatewayFixture.Unique("g"), new Subscription(topic)), collector.Handler);
        await consumer.StartAsync();
        await collector.CountAsync(1);
        Assert.Equal("signed", Encoding.UTF8.GetString(collector.Messages.Single().Body.Span));

        await using var impostor = _host.NewClient(credentials: new AclCredentials("RocketMQ", "wrong-secret"));
        var refused = await Assert.ThrowsAsync<BrokerResponseException>(() =>
            impostor.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p"))).SendAsync(new Message(topic, "forged")).AsTask());
        Assert.Contains("signature", refused.Message, StringComparison.OrdinalIgnoreCase);

        await using var anonymous = _host.NewClient();
        await Assert.ThrowsAsync<BrokerResponseException>(() =>
            anonymous.CreateProducer(new ProducerOptions(GatewayFixture.Unique("p"))).SendAsync(new Message(topic, "unsigned")).AsTask());
    }
}
